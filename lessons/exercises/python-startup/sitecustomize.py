# sitecustomize.py: what `metaconc practice check` forces on the learner's
# program before it starts, as an exercise's check asks.
#
# The check puts this folder first on PYTHONPATH, so python3 imports this file
# at start-up (in place of the distribution's sitecustomize, which on Debian
# only installs a crash reporter), in the program and in every process it
# spawns. Nothing here changes a program run by hand.
#
#   METACONC_START_METHOD=spawn        multiprocessing's start method (fork, spawn, forkserver)
#   METACONC_SWITCH_INTERVAL=0.000001  the GIL's switch interval, in seconds
import os
import sys

_method = os.environ.get("METACONC_START_METHOD")
if _method:
    import multiprocessing
    multiprocessing.set_start_method(_method, force=True)

_interval = os.environ.get("METACONC_SWITCH_INTERVAL")
if _interval:
    sys.setswitchinterval(float(_interval))
