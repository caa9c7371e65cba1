"""The Ray engine for real (a local Ray instance in the test), and its one-line errors."""

from __future__ import annotations

import shutil
import socket
import sys

import pytest

from tests.batch.conftest import assert_same_outputs, batch_cli
from toolkit.batch.engines import RayEngine, make_engine
from toolkit.errors import SrcalignError


def test_ray_engine_writes_what_the_local_engine_writes(reference):
    ray = pytest.importorskip("ray", reason="the Ray engine needs ray (it is in the test extra)")
    context = ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=128 * 1024**2)
    try:
        address = context.address_info["gcs_address"]
        result = batch_cli(str(reference.manifest), "--out", str(reference.out), "--engine", "ray", "--ray-address", address, "--offline", cwd=reference.out.parent)
        assert result.returncode == 0, result.stderr
        assert "(ray engine, 2 worker(s))" in result.stdout.decode()
        assert_same_outputs(reference.out, reference.folder)
    finally:
        ray.shutdown()
        shutil.rmtree(reference.out, ignore_errors=True)


def test_an_address_that_does_not_answer_is_one_line_and_exit_code_2(reference, tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = batch_cli(str(reference.manifest), "--out", str(tmp_path / "out"), "--engine", "ray", "--ray-address", f"127.0.0.1:{port}", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"srcalign: error: no Ray cluster answers at 127.0.0.1:{port}")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_without_the_ray_package_the_ray_engine_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    with pytest.raises(SrcalignError, match=r"pip install 'srcalign\[ray\]'"):
        with make_engine("ray", ray_address="127.0.0.1:6379"):
            pass


@pytest.mark.parametrize("address", ["127.0.0.1:notaport", "127.0.0.1:70000", ":6379"])
def test_a_malformed_address_is_a_usage_error(address):
    pytest.importorskip("ray")
    with pytest.raises(SrcalignError, match="HOST:PORT"):
        with RayEngine(address, None):
            pass
