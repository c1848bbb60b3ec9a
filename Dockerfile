# The Airflow image with newsflow and its pinned runtime dependencies (spaCy model included).
# Test and lint tools (requirements-dev.txt) stay out of the image.
FROM apache/airflow:3.3.2-python3.11

USER airflow
COPY --chown=airflow:root requirements.txt /opt/newsflow/requirements.txt
# Airflow asks for installs under its constraints file. Its published one cannot be fetched where
# this project is built, so the pinned runtime requirements ARE the constraint set (resolved with
# apache-airflow==3.3.2 on Python 3.11, pip check clean): with `-c`, whatever pip installs or
# upgrades, transitive dependencies included, lands on exactly those versions.
RUN pip install --no-cache-dir -r /opt/newsflow/requirements.txt -c /opt/newsflow/requirements.txt
COPY --chown=airflow:root pyproject.toml README.md /opt/newsflow/
COPY --chown=airflow:root include /opt/newsflow/include
RUN pip install --no-cache-dir --no-deps -e /opt/newsflow
