# A sample instance image whose testbed environment runs an old Python: PyPy 7.3.5 (Python 3.7.10)
# from Debian bullseye, the oldest Python 3 Debian's mirrors still carry. It checks, on a real
# interpreter, that the tools read the testbed's Python version as SWE-agent's bundles see it
# (see src/agent/tools/python-probe.ts). Build context: none (FROM a sample instance image).
ARG INSTANCE_IMAGE=sera-bench/sweb.eval.x86_64.sera-bench_1776_semver-1:latest
FROM ${INSTANCE_IMAGE}
RUN echo 'deb http://deb.debian.org/debian bullseye main' > /etc/apt/sources.list.d/bullseye.list \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends -t bullseye pypy3 >/dev/null \
 && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/bullseye.list
RUN rm -rf /opt/miniconda3/envs/testbed \
 && pypy3 -m venv --without-pip /opt/miniconda3/envs/testbed \
 && test "$(/opt/miniconda3/envs/testbed/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = 3.7
