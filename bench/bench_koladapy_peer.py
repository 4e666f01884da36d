#!/usr/bin/env python3
"""bench_koladapy's peer: koladapy's get_values for a scope, into memory, timed in the process.

    bench_koladapy_peer.py KOLADAPY_DIR BASE_URL KPI_FILE UNIT_FILE

KOLADAPY_DIR is a checkout of koladapy (github xemarap/koladapy, never part of this project);
the files hold comma-separated ids. Prints one JSON line: the seconds get_values took, wall and
CPU (the import of pandas and the start of Python not counted), the items and the gender-level values
it returned. koladapy's own rate limit is lifted and its progress bars are silenced, so it is
timed at its fastest.
"""
import json
import sys
import time


def main():
    folder, base_url, kpi_file, unit_file = sys.argv[1:5]
    sys.path.insert(0, folder)
    import tqdm as tqdm_module

    import koladapy.api as api_module
    from koladapy import KoladaAPI

    class QuietProgress(tqdm_module.tqdm):
        def __init__(self, *args, **kwargs):
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

    api_module.tqdm = QuietProgress
    with open(kpi_file) as f:
        kpis = f.read().strip().split(",")
    with open(unit_file) as f:
        units = f.read().strip().split(",")
    api = KoladaAPI(base_url=base_url, max_requests_per_second=1e9)
    started = time.perf_counter()
    cpu_started = time.process_time()
    items = api.get_values(kpi_id=kpis, municipality_id=units)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    values = sum(len(item.get("values", [])) for item in items)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "items": len(items), "values": values}))


if __name__ == "__main__":
    main()
