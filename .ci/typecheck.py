"""mypy over the VM package (`python .ci/typecheck.py`, run by .ci/run; settings in pyproject.toml).

In a checkout the passes are top-level folders that become `pipeline.<name>` only through
pipeline/__init__.py's path hook, which mypy does not run: the package is laid out as
installed, with links, in a temporary directory, and mypy checks `pipeline.vm` there.
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSES = ('tokenizer', 'grammar', 'parser', 'compiler', 'vm')


def main() -> int:
    with tempfile.TemporaryDirectory(prefix='pipeline-mypy-') as directory:
        package = os.path.join(directory, 'pipeline')
        os.mkdir(package)
        open(os.path.join(package, '__init__.py'), 'w').close()
        for name in PASSES:
            os.symlink(os.path.join(ROOT, name), os.path.join(package, name))
        command = [sys.executable, '-m', 'mypy', '--config-file', os.path.join(ROOT, 'pyproject.toml'),
                   '--cache-dir', os.path.join(directory, '.mypy_cache'), '-p', 'pipeline.vm']
        return subprocess.call(command, cwd=directory)


if __name__ == '__main__':
    sys.exit(main())
