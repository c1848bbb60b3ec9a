"""The newsroom: the News view's queries, charts, highlighting and web app (no Airflow here;
plugins/news_view.py mounts the app in the Airflow api-server)."""
