"""Where a graded notebook runs: a bubblewrap sandbox that sees only its own copy and the package.

Each submission is executed by a worker process (``python -m hormonesim.coursework _execute``,
which runs nbclient and the kernel) inside ``bwrap`` (Debian package ``bubblewrap``) with:

* a file system built from nothing: the system's ``/usr`` and ``/etc``, the Python installation
  and the virtual environment, all read-only; a copy of ``hormonesim`` *without the answer key*
  (``coursework/key``) read-only on ``PYTHONPATH``; the notebook's own working folder and a
  scratch home (read-write); a private, empty ``/tmp`` and ``/dev``;
* new user, PID, IPC, network, UTS and cgroup namespaces (``--unshare-all``): ``/proc`` shows
  only the sandbox's own processes, so the grader's command line (submissions folder, grades
  path) is invisible, and there is no network;
* ``--die-with-parent`` and ``--new-session``; the grader kills the whole process group at the
  time limit and at the end, and since the sandbox has its own PID namespace, every process a
  notebook started (even in a new session) dies with it.

The submissions folder, the grades file, the book's repository and the other submissions are
simply not in that file system. Where bwrap is missing or cannot create namespaces, the grader
says so at the start of its output and runs notebooks unsandboxed (use a container per
submission then; see the instructor guide).
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

#: where the package copy and the notebook's folder appear inside the sandbox
LIB_DIR = "/opt/hormonesim-lib"
HOME_DIR = "/home/student"
WORK_DIR = "/home/student/work"
GRADER_DIR = "/grader"
#: environment variable naming a run, to find an unsandboxed notebook's stray processes
RUN_MARKER = "HIL_GRADER_RUN"


@functools.lru_cache(maxsize=1)
def bwrap_status() -> tuple[bool, str]:
    """(works, explanation): whether ``bwrap`` can build the sandbox on this machine."""
    exe = shutil.which("bwrap")
    if exe is None:
        return False, "bwrap not found (install the Debian package bubblewrap)"
    try:
        proc = subprocess.run([exe, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                               "--unshare-all", "--die-with-parent", "true"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, f"bwrap failed to start: {e}"
    if proc.returncode != 0:
        return False, f"bwrap cannot create namespaces here: {proc.stderr.strip()[:200]}"
    return True, f"bubblewrap ({exe})"


def resolve(sandbox: str) -> str:
    """``"auto"`` -> ``"bwrap"`` or ``"none"``; ``"bwrap"`` must work. Raises ValueError."""
    if sandbox not in ("auto", "bwrap", "none"):
        raise ValueError(f"sandbox must be 'auto', 'bwrap' or 'none', got {sandbox!r}")
    if sandbox == "none":
        return "none"
    works, why = bwrap_status()
    if works:
        return "bwrap"
    if sandbox == "bwrap":
        raise ValueError(f"sandbox='bwrap' was asked for but {why}")
    return "none"


def describe(mode: str) -> str:
    """The line the grader prints first about isolation."""
    if mode == "bwrap":
        return ("sandbox: " + bwrap_status()[1] + ": each notebook sees only its own copy and the "
                "package (no answer key, no other submission, no grades file, own /tmp and /proc, "
                "no network)")
    why = bwrap_status()[1] if shutil.which("bwrap") else "bwrap not found"
    return ("WARNING: no sandbox (" + why + "): notebooks run as this user and can read what it "
            "can read, including other submissions and the answer key. Grade inside a container "
            "per submission (see the instructor guide).")


def stage_package(dest: Path) -> Path:
    """Copy the hormonesim package without its answer key to ``dest/hormonesim`` (compiled)."""
    import hormonesim
    source = Path(hormonesim.__file__).resolve().parent
    target = Path(dest) / "hormonesim"

    def ignore(folder, names):
        skip = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".pyo"))}
        if Path(folder).resolve() == source / "coursework":
            skip.add("key")
        return skip

    shutil.copytree(source, target, ignore=ignore)
    import compileall                                   # the sandbox's copy is read-only: compile
    compileall.compile_dir(str(target), quiet=1)        # once here, not in every kernel
    if (target / "coursework" / "key").exists():          # never ship the key
        raise RuntimeError("the staged package still holds the answer key")
    stray = [str(p.relative_to(target)) for p in target.rglob("*.py") if defines_exercises(p)]
    if stray:                                              # an answer function outside the key
        raise RuntimeError("answer functions (@exercise) outside hormonesim/coursework/key would "
                           "reach graded notebooks; move them to key/: " + ", ".join(stray))
    return target


def defines_exercises(path: Path) -> bool:
    """Whether a Python file decorates a function with ``exercise(...)`` (an answer function)."""
    import ast
    try:
        tree = ast.parse(Path(path).read_text())
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in node.decorator_list:
                func = d.func if isinstance(d, ast.Call) else d
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "exercise":
                    return True
    return False


def _home_template(home: Path, ipython_config: Path | None) -> None:
    (home / "work").mkdir(parents=True, exist_ok=True)
    (home / ".config" / "matplotlib").mkdir(parents=True, exist_ok=True)
    if ipython_config is not None and ipython_config.is_file():
        profile = home / ".ipython" / "profile_default"
        profile.mkdir(parents=True, exist_ok=True)
        shutil.copy(ipython_config, profile / ipython_config.name)
    cache = Path.home() / ".cache" / "matplotlib"      # font cache: saves seconds per notebook
    if cache.is_dir():
        for f in cache.glob("fontlist-*.json"):
            shutil.copy(f, home / ".config" / "matplotlib" / f.name)


def command(mode: str, lib: Path, home: Path, grader: Path, worker_args: list[str],
            ipython_config: Path | None = None,
            python: str | None = None) -> tuple[list[str], dict, str]:
    """(argv, env, cwd) that run the worker in ``mode``; paths in ``worker_args`` use
    :data:`GRADER_DIR` and :data:`WORK_DIR` and are mapped for the unsandboxed mode.

    ``python`` is the interpreter (of a virtual environment, say) whose packages run the worker
    and the notebook's kernel; this process's interpreter when None."""
    _home_template(home, ipython_config)
    python = str(python or sys.executable)
    # HIL_STATIC_FRAMES=0: the explorers' precomputed frames are for the static site only, and a
    # graded notebook's figures are never shown; skipping them saves seconds per explorer
    base_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONDONTWRITEBYTECODE": "1",
                "HIL_STATIC_FRAMES": "0"}
    if mode == "none":
        mapping = {GRADER_DIR: str(grader), WORK_DIR: str(home / "work")}
        args = [mapping.get(a, a) for a in worker_args]
        args = [a.replace(GRADER_DIR + "/", str(grader) + "/") for a in args]
        env = {**base_env, "HOME": str(home), "PYTHONPATH": str(lib),
               "IPYTHONDIR": str(home / ".ipython"), "MPLCONFIGDIR": str(home / ".config/matplotlib"),
               "JUPYTER_RUNTIME_DIR": str(home / ".runtime"), "PATH": os.environ.get("PATH", "")}
        return [python, "-m", "hormonesim.coursework", *args], env, str(home / "work")
    argv = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / top
        if path.is_symlink():
            argv += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            argv += ["--ro-bind", str(path), str(path)]
    # the private /tmp first: Python's prefixes are bound on top of it, so an environment that
    # lives under /tmp (a checkout in /tmp/...) stays visible while the rest of /tmp does not
    argv += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    # the interpreter's environment (a venv: the folder above bin/, unresolved) and its base
    prefixes = {str(Path(python).parent.parent), str(Path(python).resolve().parent.parent)}
    if python == sys.executable:
        prefixes |= {sys.base_prefix, sys.prefix}
    for prefix in sorted(prefixes):
        if not prefix.startswith("/usr/"):
            argv += ["--ro-bind", prefix, prefix]
    argv += ["--ro-bind", str(lib), LIB_DIR,
             "--bind", str(home), HOME_DIR, "--bind", str(grader), GRADER_DIR,
             "--chdir", WORK_DIR, "--clearenv"]
    env = {**base_env, "HOME": HOME_DIR, "PYTHONPATH": LIB_DIR, "IPYTHONDIR": HOME_DIR + "/.ipython",
           "MPLCONFIGDIR": HOME_DIR + "/.config/matplotlib", "JUPYTER_RUNTIME_DIR": "/tmp/jupyter"}
    for key, value in env.items():
        argv += ["--setenv", key, value]
    argv += [python, "-m", "hormonesim.coursework", *worker_args]
    return argv, {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, str(grader)


def kill_marked(marker: str) -> int:
    """Kill every process whose environment carries ``RUN_MARKER=marker`` (the unsandboxed mode's
    last resort for processes a notebook started in a new session). Returns how many."""
    import signal
    needle = f"{RUN_MARKER}={marker}".encode()
    killed = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
        except (OSError, ValueError):
            continue
    return killed
