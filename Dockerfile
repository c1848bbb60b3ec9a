# The Airflow image with newsflow and its pinned dependencies (spaCy model included).
FROM apache/airflow:3.3.2-python3.11

USER airflow
COPY --chown=airflow:root requirements.txt /opt/newsflow/requirements.txt
RUN pip install --no-cache-dir -r /opt/newsflow/requirements.txt
COPY --chown=airflow:root pyproject.toml README.md /opt/newsflow/
COPY --chown=airflow:root include /opt/newsflow/include
RUN pip install --no-cache-dir --no-deps -e /opt/newsflow
