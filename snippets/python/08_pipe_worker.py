"""The smallest queue: a worker process fed JSON lines through a pipe.

Run without arguments, this script starts itself again with --worker as a
child process and sends it jobs. The worker could be any program that reads
one JSON object per line on stdin and writes one per line on stdout.
"""

import json
import subprocess
import sys


# ANCHOR: worker
def worker():
    for line in sys.stdin:
        job = json.loads(line)
        try:
            result = {"id": job["id"], "ok": True, "total": sum(job["values"])}
        except (KeyError, TypeError) as error:
            result = {"id": job.get("id"), "ok": False, "error": type(error).__name__}
        print(json.dumps(result), flush=True)  # flush: the parent is waiting
# ANCHOR_END: worker


# ANCHOR: parent
def run_jobs(command, jobs):
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        # Few, small jobs: write them all, then close stdin so the worker
        # sees end of input. For a long stream, read replies as you go or
        # use a thread, or both pipes can fill up and block each other.
        out, _ = child.communicate("".join(json.dumps(job) + "\n" for job in jobs))
    if child.returncode != 0:
        raise RuntimeError(f"worker exited with {child.returncode}")
    return [json.loads(line) for line in out.splitlines()]
# ANCHOR_END: parent


# ANCHOR: main
if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker()
    else:
        jobs = [
            {"id": 1, "values": [1, 2, 3]},
            {"id": 2, "values": list(range(101))},
            {"id": 3, "values": ["not", "numbers"]},
        ]
        for result in run_jobs([sys.executable, __file__, "--worker"], jobs):
            print(result)
# ANCHOR_END: main
