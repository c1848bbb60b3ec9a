-- The newsflow warehouse lives beside Airflow's metadata database on the compose PostgreSQL.
CREATE DATABASE newsflow OWNER airflow;
