#!/usr/bin/env python3
"""koladapy, a real Kolada client, reads the same from `kolcat serve` as from the demo server.

Needs a checkout of koladapy (github xemarap/koladapy, never part of this project) named by
$KOLCAT_KOLADAPY_DIR, and its dependencies (requests, pandas, tqdm, backoff). Without them it
says why and exits 77, which CTest counts as skipped.

    koladapy_reads_serve.py KOLCAT_BINARY DEMO_SERVER_BINARY DEMO_DATA_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import time

SKIP = 77


def start(argv, marker, env):
    """Starts a server and returns it with the base URL it prints."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stdout.readline()
        if marker in line:
            url = line[line.index(marker):].split()[0]
            return process, url.rstrip("/") + "/"
        if process.poll() is not None:
            break
    process.kill()
    sys.exit(f"{argv[0]} printed no URL")


def read(api_class, base):
    api = api_class(base_url=base)
    frame = api.get_data_as_dataframe(kpi_id="N00945", municipality_id=["0025", "2580"])
    return {
        "values": api.get_values(kpi_id=["N00945", "N00090"], municipality_id=["0025", "2580", "G33632"],
                                 years=[2019, 2020, 2021]),
        "frame": frame.sort_values(list(frame.columns)).to_csv(index=False),
        "kpi": api.get_kpi("N00945"),
        "municipalities": api.get_municipalities(),
        "municipality_groups": api.get_municipality_groups(),
        "search": [kpi["id"] for kpi in api.search_kpis("sjukfrånvaro")],
    }


def main():
    kolcat, demo_server, demo_data = sys.argv[1:4]
    folder = os.environ.get("KOLCAT_KOLADAPY_DIR")
    if not folder or not os.path.isfile(os.path.join(folder, "koladapy", "api.py")):
        print("skipped: set KOLCAT_KOLADAPY_DIR to a checkout of koladapy to run this test")
        return SKIP
    sys.path.insert(0, folder)
    try:
        from koladapy import KoladaAPI
    except ImportError as error:
        print(f"skipped: koladapy cannot be imported here ({error})")
        return SKIP

    with tempfile.TemporaryDirectory(prefix="kolcat-koladapy-") as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KOLCAT_")}
        env["XDG_CONFIG_HOME"] = os.path.join(scratch, "config")
        env["XDG_DATA_HOME"] = os.path.join(scratch, "data")
        catalogue = os.path.join(scratch, "catalogue.sqlite")
        demo, demo_url = start([demo_server, "--data", demo_data], "http://", env)
        serve = None
        try:
            subprocess.run([kolcat, "sync", "--api-url", demo_url.rstrip("/"), "--max-rps", "0", "--quiet",
                            "--catalogue", catalogue], check=True, env=env, stderr=subprocess.DEVNULL)
            serve, serve_url = start([kolcat, "serve", "--port", "0", "--catalogue", catalogue], "http://", env)
            expected, got = read(KoladaAPI, demo_url), read(KoladaAPI, serve_url)
        finally:
            for process in (serve, demo):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=10)
    failures = 0
    for key in expected:
        same = json.dumps(expected[key], sort_keys=True) == json.dumps(got[key], sort_keys=True)
        print(f"{key}: {'same' if same else 'DIFFERENT'}")
        failures += 0 if same and expected[key] else 1
    print(f"{len(expected) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
