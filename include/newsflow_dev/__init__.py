"""Developer tools beside the runtime package: benchmarks, the demo, the sample news site, the
local Airflow launcher and tagger training. `newsflow` never imports this package; the CLI
reaches it only for `bench`, `demo`, `airflow-ui`, `sample-site` and `train`."""
