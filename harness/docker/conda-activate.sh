# A stand-in for Miniconda's activate script, to be sourced. It defines a `conda` shell function
# that understands `conda activate <env>` and `conda deactivate` for the environments under
# /opt/miniconda3/envs (plain venvs). Sourcing it enters the "base" environment.
_sera_conda_root=/opt/miniconda3

conda() {
  case "${1:-}" in
    activate)
      local env_name="${2:-base}"
      local prefix="$_sera_conda_root/envs/$env_name"
      if [ "$env_name" = base ]; then prefix="$_sera_conda_root"; fi
      if [ ! -d "$prefix" ]; then
        echo "EnvironmentNameNotFound: Could not find conda environment: $env_name" >&2
        return 1
      fi
      conda deactivate
      export _SERA_CONDA_OLD_PATH="$PATH"
      if [ -d "$prefix/bin" ] && [ "$env_name" != base ]; then export PATH="$prefix/bin:$PATH"; fi
      export CONDA_DEFAULT_ENV="$env_name"
      export CONDA_PREFIX="$prefix"
      export VIRTUAL_ENV="$prefix"
      return 0
      ;;
    deactivate)
      if [ -n "${_SERA_CONDA_OLD_PATH:-}" ]; then export PATH="$_SERA_CONDA_OLD_PATH"; fi
      unset _SERA_CONDA_OLD_PATH CONDA_DEFAULT_ENV CONDA_PREFIX VIRTUAL_ENV
      return 0
      ;;
    *)
      echo "conda (sera-bench shim): only 'activate <env>' and 'deactivate' are supported" >&2
      return 1
      ;;
  esac
}

conda activate base
