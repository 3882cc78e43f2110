"""`convert --dask`: the same documents, rows and statuses as a local batch; a worker lost mid-batch loses none."""
from __future__ import annotations

import os
import signal
import threading

import pytest

from lake_support import assert_whole, baocao, content, make_batch, wait_for_documents

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    make_batch(root / "in", 16)
    (root / "in" / "empty.txt").write_bytes(b"")  # a failure travels the same way
    run = baocao("convert", str(root / "in"), "--out", str(root / "local"), "-q")
    assert run.returncode == 3, run.stderr
    return root


def test_dask_local_cluster_writes_what_a_local_batch_writes(batch):
    run = baocao("convert", str(batch / "in"), "--out", str(batch / "dask"), "--dask", "local", "-q")
    assert run.returncode == 3, run.stderr
    assert content(batch / "dask") == content(batch / "local")
    assert_whole(batch / "dask")


def test_a_worker_killed_mid_batch_loses_nothing(batch, tmp_path):
    from distributed import Client, LocalCluster

    lake = tmp_path / "lake"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        killed = threading.Event()

        def kill_one_when_started():
            wait_for_documents(lake, 3)
            os.kill(pids[0], signal.SIGKILL)
            killed.set()

        killer = threading.Thread(target=kill_one_when_started)
        killer.start()
        run = baocao("convert", str(batch / "in"), "--out", str(lake), "--dask", cluster.scheduler_address, "-q")
        killer.join()
    assert killed.is_set()
    assert run.returncode == 3, run.stderr
    assert content(lake) == content(batch / "local")
    assert_whole(lake)
