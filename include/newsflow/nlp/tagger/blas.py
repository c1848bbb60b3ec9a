"""One BLAS thread for the tagger's matrix products (numpy's OpenBLAS), when it can be asked.

Why: the tagger runs its matrix products through numpy (``component.use_numpy_gemm``), and
OpenBLAS spreads a product over every core by default. The pipeline already keeps the cores
busy (the other components, ``nlp.pipe(n_process=N)`` workers, other tasks): extra BLAS
threads then only wait for a core and cost more CPU than they save (``bench nlp``: the tagger
took 1.5x the CPU with them). OpenBLAS >= 0.3.27 sets a count for the calling thread alone;
with another BLAS (MKL, Accelerate, an older OpenBLAS) nothing changes.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@functools.cache
def _set_local_threads() -> Callable[[int], int] | None:
    """``openblas_set_num_threads_local`` of the OpenBLAS numpy ships with, if it has one."""
    import numpy

    libs = Path(numpy.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("*openblas*.so*")) if libs.is_dir() else []:
        try:
            fn = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
        return fn
    return None


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """numpy's matrix products in the calling thread use one BLAS thread inside the block."""
    set_local = _set_local_threads()
    if set_local is None:
        yield
        return
    previous = set_local(1)
    try:
        yield
    finally:
        set_local(previous)
