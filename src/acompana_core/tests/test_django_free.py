"""The core must stay usable without Django (scripts, notebooks, other front ends)."""

import pkgutil
import subprocess
import sys

import acompana_core


def test_no_core_module_imports_django():
    modules = [
        name
        for _, name, _ in pkgutil.walk_packages(acompana_core.__path__, "acompana_core.")
        if ".tests" not in name
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
