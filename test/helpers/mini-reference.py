"""Reference renderings of mini-swe-agent's texts with Python's jinja2, as mini's agent renders them.

Reads a JSON request on stdin: {"root": <tag folder>, "config": <config path in it>, "major": "1"|"2",
"task": ..., "observations": [output dicts], "format_errors": [[blocks...]], "timeouts": [[command, output]]}
and writes the rendered texts as JSON. The templates come from the tag's files; defaults that live in
Python source (v1's timeout_template, v2's parser error) are read with the ast module.
"""
import ast
import json
import sys
from pathlib import Path

import yaml
from jinja2 import StrictUndefined, Template

req = json.load(sys.stdin)
root = Path(req["root"])
config = yaml.safe_load((root / req["config"]).read_text())
agent, env, model = config.get("agent", {}), config.get("environment", {}), config.get("model", {})
base = {**agent, **env, **model, "task": req["task"]}


def render(template, **values):
    return Template(template, undefined=StrictUndefined).render(**values)


def class_default(path, cls, field):
    tree = ast.parse(Path(path).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == cls:
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and getattr(item.target, "id", None) == field:
                    return ast.literal_eval(item.value)
    raise SystemExit(f"{cls}.{field} not found in {path}")


def no_tool_calls_error(path):
    for node in ast.walk(ast.parse(Path(path).read_text())):
        if isinstance(node, ast.keyword) and node.arg == "error" and isinstance(node.value, ast.Constant):
            return node.value.value
    raise SystemExit(f"no error= keyword in {path}")


out = {
    "system": render(agent["system_template"], **base),
    "instance": render(agent["instance_template"], **base),
    "observations": [],
    "format_errors": [],
    "timeouts": [],
}
if req["major"] == "1":
    for o in req["observations"]:
        out["observations"].append(render(agent["action_observation_template"], **{**base, "output": o}))
    for blocks in req["format_errors"]:
        out["format_errors"].append(render(agent["format_error_template"], **{**base, "actions": blocks}))
    timeout = agent.get("timeout_template") or class_default(root / "src/minisweagent/agents/default.py", "AgentConfig", "timeout_template")
    for command, output in req["timeouts"]:
        out["timeouts"].append(render(timeout, **{**base, "action": {"action": command, "content": ""}, "output": output}))
else:
    for o in req["observations"]:
        out["observations"].append(render(model["observation_template"], output=o, **base))
    error = no_tool_calls_error(root / "src/minisweagent/models/utils/actions_toolcall.py")
    for finish_reason in req.get("finish_reasons", []):
        out["format_errors"].append(render(model["format_error_template"], error=error, actions=[], has_tool_calls=False, finish_reason=finish_reason))
json.dump(out, sys.stdout)
