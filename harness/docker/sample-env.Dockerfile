# Environment layer for the bundled sample instances (like the official sweb.env.* images):
# Debian's Python 3.11 with pytest, git and patch, and a conda look-alike so that the official
# eval-script lines `source /opt/miniconda3/bin/activate` and `conda activate testbed` work.
# No PyPI is used: every Python package comes from Debian.
ARG BASE_IMAGE=sera-bench/base:bookworm
FROM ${BASE_IMAGE}

RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends python3 python3-venv python3-pytest git patch ca-certificates >/dev/null \
 && rm -rf /var/lib/apt/lists/*

# The "testbed" environment: a venv that sees Debian's site-packages (pytest).
RUN python3 -m venv --system-site-packages --without-pip /opt/miniconda3/envs/testbed \
 && printf '#!/bin/sh\nexec /opt/miniconda3/envs/testbed/bin/python -m pytest "$@"\n' \
      >/opt/miniconda3/envs/testbed/bin/pytest \
 && chmod 755 /opt/miniconda3/envs/testbed/bin/pytest

COPY conda-activate.sh /opt/miniconda3/bin/activate
COPY conda-activate.sh /opt/miniconda3/etc/profile.d/conda.sh
RUN echo 'source /opt/miniconda3/bin/activate && conda activate testbed' >>/root/.bashrc \
 && git config --global user.email setup@swebench.config \
 && git config --global user.name SWE-bench

ENV TZ=Etc/UTC
WORKDIR /testbed/
