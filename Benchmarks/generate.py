#!/usr/bin/env python3
"""Generate one gateway configuration three ways for the parse/check benchmark.

    generate.py --routes N --providers P --out DIR [--seed S]

writes DIR/routes-N.gwpipe (the gwpipe language), DIR/routes-N.yaml (a
LiteLLM-style config) and DIR/routes-N.json (the same document as the YAML).
All three carry the same information: every provider, route, limit, `when`
arm, retry, fallback and breaker appears in each. The YAML and JSON are built
from one Python value, so `yaml.safe_load(yaml) == json.load(json)` holds.

Output depends only on (routes, providers, seed): same arguments, same bytes.
Python 3 standard library only.
"""

import argparse
import json
import os
import random
import re
import sys

MODELS = [
    "gpt-4o", "gpt-4o-mini", "o3-mini", "claude-3-5-sonnet", "claude-3-5-haiku",
    "mistral-large", "llama-3.1-70b", "llama-3.1-8b",
]
LETS = {
    "eu_models": ["mistral-large", "llama-3.1-70b"],
    "premium_models": ["gpt-4o", "claude-3-5-sonnet", "o3-mini"],
}
# (name, type, gwpipe literal, YAML/JSON value). Declared only: the benchmark
# measures declaration checking, and an unused param is legal.
PARAMS = [
    ("p99_budget", "Duration", "1500ms", "1500ms"),
    ("canary_share", "Percent", "5%", "5%"),
]
KIND_WEIGHTS = [("openai", 30), ("anthropic", 25), ("openai_compatible", 30), ("mock", 15)]
KNOWN_URLS = {"openai": "https://api.openai.com", "anthropic": "https://api.anthropic.com"}
PATH_SUFFIXES = ["chat/completions", "chat/completions", "chat/completions", "completions",
                 "embeddings", "messages"]

REQUESTS_PER_MINUTE = [60, 120, 300, 600, 1200, 3000]
TOKENS_PER_MINUTE = [50_000, 100_000, 200_000, 500_000, 1_000_000, 1_500_000, 2_000_000]
TIMEOUTS_S = [15, 30, 60, 90, 120]
SPLITS = [(80, 20), (50, 50), (90, 10), (95, 5), (70, 30), (60, 30, 10), (50, 25, 25), (34, 33, 33)]
RETRY_ON = [(429, "5xx", "timeout"), ("5xx", "timeout"), (429, 503), (429,), (502, 503, 504, "timeout")]
BACKOFFS_MS = [(50, 1000), (100, 2000), (250, 5000), (1000, 10000)]
FALLBACK_ON = [("5xx", "timeout"), ("5xx",), ("timeout",), (429, "5xx", "timeout")]
BREAKER_FAILURES = [3, 5, 10, 20]
BREAKER_WINDOWS_S = [10, 30, 60]
BREAKER_COOLDOWNS_S = [30, 60, 300]
HEADER_VALUES = {"x-tier": ["free", "pro", "enterprise"], "x-region": ["eu", "us", "apac"]}


# ---------------------------------------------------------------------------
# The model: one Python value, later rendered as gwpipe text, YAML and JSON.

def make_providers(rng, count):
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    providers = []
    for i in range(count):
        # The first four cover every kind; the rest follow the mix.
        kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights)[0]
        name = f"p{i}"
        if kind == "mock":
            low = rng.choice([10, 20, 20, 50])
            providers.append({
                "model_name": name,
                "litellm_params": {
                    "model": f"mock/{name}",
                    "mock_latency_ms": {"min": low, "max": low * rng.choice([2, 4, 4])},
                    "mock_error_percent": rng.choice([0, 0, 0, 0, 1, 5]),
                },
            })
        else:
            url = KNOWN_URLS.get(kind) or f"https://llm-{name}.internal.example:8000"
            providers.append({
                "model_name": name,
                "litellm_params": {
                    "model": f"{kind}/{name}",
                    "api_base": url,
                    "timeout": rng.choice([10, 30, 60, 120]),
                    "max_parallel_requests": rng.choice([16, 32, 64, 128, 256]),
                },
            })
    return providers


def pick_providers(rng, names, k, avoid=None):
    """k distinct provider names, none equal to `avoid` unless there is no other choice.

    Samples k+1 and drops `avoid` rather than filtering `names`, which would cost
    O(providers) per route and make 100k routes x 10k providers quadratic.
    """
    chosen = rng.sample(names, min(k + 1, len(names)))
    if avoid in chosen and len(names) > 1:
        chosen.remove(avoid)
    return chosen[:k]


def make_targets(rng, names, primary=None, allow_split=True):
    """A `-> ...` right-hand side: one provider (maybe with a model rewrite) or a weighted split."""
    if allow_split and len(names) > 1 and rng.random() < 0.35:
        split = rng.choice([s for s in SPLITS if len(s) <= len(names)])
        chosen = pick_providers(rng, names, len(split))
        if primary is not None and primary not in chosen:
            chosen[0] = primary
        return [{"provider": p, "weight": w} for p, w in zip(chosen, split)]
    provider = primary if primary is not None else rng.choice(names)
    target = {"provider": provider}
    if rng.random() < 0.3:
        target["model"] = rng.choice(MODELS)
    return [target]


def make_condition(rng, kind):
    if kind == "model_in_list":
        return {"field": "model", "op": "in", "value": sorted(rng.sample(MODELS, rng.randint(1, 3)))}
    if kind == "model_in_let":
        return {"field": "model", "op": "in", "ref": rng.choice(sorted(LETS))}
    if kind == "model_eq":
        return {"field": "model", "op": "==", "value": rng.choice(MODELS)}
    if kind == "tier":
        return {"field": "header", "header": "x-tier", "op": "==", "value": rng.choice(HEADER_VALUES["x-tier"])}
    if kind == "region_and_model":
        return {"all": [
            {"field": "header", "header": "x-region", "op": "==", "value": rng.choice(HEADER_VALUES["x-region"])},
            {"field": "model", "op": "in", "ref": "eu_models"},
        ]}
    raise ValueError(kind)


CONDITION_KINDS = ["model_in_list", "model_in_let", "model_eq", "tier", "region_and_model"]


def make_route(rng, index, names):
    name = f"r{index}"
    route = {
        "name": name,
        "match": {"method": "POST", "path": f"/v1/{name}/{rng.choice(PATH_SUFFIXES)}"},
    }
    if rng.random() < 0.9:
        route["rpm"] = rng.choice(REQUESTS_PER_MINUTE)
    if rng.random() < 0.7:
        route["tpm"] = rng.choice(TOKENS_PER_MINUTE)
    if "rpm" in route or "tpm" in route:
        route["limit_by"] = "key"
    if rng.random() < 0.8:
        route["timeout"] = rng.choice(TIMEOUTS_S)
    # Distinct condition kinds per route, so no arm repeats (and shadows) another.
    arms = rng.sample(CONDITION_KINDS, rng.choice([0, 1, 1, 2, 2, 2, 3]))
    if arms:
        route["when"] = [{"if": make_condition(rng, k), "targets": make_targets(rng, names)} for k in arms]
    # Round-robin default provider: with routes >= providers, every provider is used.
    default = names[index % len(names)]
    route["default"] = make_targets(rng, names, primary=default)
    if rng.random() < 0.7:
        low, high = rng.choice(BACKOFFS_MS)
        route["retry"] = {
            "num_retries": rng.randint(1, 3),
            "on": list(rng.choice(RETRY_ON)),
            "backoff_ms": {"min": low, "max": high},
        }
    if rng.random() < 0.6 and len(names) > 1:  # a fallback needs a second provider
        route["fallbacks"] = [{"provider": pick_providers(rng, names, 1, avoid=default)[0],
                               "on": list(rng.choice(FALLBACK_ON))}]
    if rng.random() < 0.5:
        route["breaker"] = {
            "allowed_fails": rng.choice(BREAKER_FAILURES),
            "window_s": rng.choice(BREAKER_WINDOWS_S),
            "cooldown_s": rng.choice(BREAKER_COOLDOWNS_S),
        }
    return route


def make_config(routes, providers, seed):
    rng = random.Random(seed)
    model_list = make_providers(rng, providers)
    names = [p["model_name"] for p in model_list]
    return {
        "general_settings": {"gateway": "bench"},
        "variables": {k: list(v) for k, v in LETS.items()},
        "params": {name: {"type": typ, "default": value} for name, typ, _, value in PARAMS},
        "model_list": model_list,
        "router_settings": {"routes": [make_route(rng, i, names) for i in range(routes)]},
    }


# ---------------------------------------------------------------------------
# gwpipe rendering

def duration(seconds=None, ms=None):
    if ms is not None:
        if ms % 1000:
            return f"{ms}ms"
        seconds = ms // 1000
    if seconds % 60 == 0 and seconds >= 60:
        return f"{seconds // 60}m"
    return f"{seconds}s"


def count(n):
    if n >= 1_000_000 and n % 100_000 == 0:
        m = n / 1_000_000
        return f"{m:g}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def quote(s):
    return json.dumps(s)  # ASCII-only here, so JSON escaping equals gwpipe escaping


def condition_text(cond):
    if "all" in cond:
        return " and ".join(condition_text(c) for c in cond["all"])
    left = f'header({quote(cond["header"])})' if cond["field"] == "header" else cond["field"]
    if "ref" in cond:
        right = cond["ref"]
    elif isinstance(cond["value"], list):
        right = "[" + ", ".join(quote(v) for v in cond["value"]) + "]"
    else:
        right = quote(cond["value"])
    return f"{left} {cond['op']} {right}"


def targets_text(targets):
    parts = []
    for t in targets:
        part = t["provider"]
        if "weight" in t:
            part += f' {t["weight"]}%'
        if "model" in t:
            part += f' as {quote(t["model"])}'
        parts.append(part)
    return ", ".join(parts)


def conditions_text(on):
    return ", ".join(str(c) for c in on)


def route_text(r):
    out = [f'route {r["name"]} {{', f'  match {r["match"]["method"]} {quote(r["match"]["path"])}']
    if "rpm" in r:
        out.append(f'  limit {count(r["rpm"])} requests / 1m by {r["limit_by"]}')
    if "tpm" in r:
        out.append(f'  limit {count(r["tpm"])} tokens / 1m by {r["limit_by"]}')
    if "timeout" in r:
        out.append(f'  timeout {duration(r["timeout"])}')
    for arm in r.get("when", []):
        out.append(f'  when {condition_text(arm["if"])} -> {targets_text(arm["targets"])}')
    out.append(f'  else -> {targets_text(r["default"])}')
    if "retry" in r:
        rt = r["retry"]
        backoff = f'{duration(ms=rt["backoff_ms"]["min"])}..{duration(ms=rt["backoff_ms"]["max"])}'
        out.append(f'  retry {rt["num_retries"]} on {conditions_text(rt["on"])} backoff {backoff}')
    for fb in r.get("fallbacks", []):
        out.append(f'  fallback {fb["provider"]} on {conditions_text(fb["on"])}')
    if "breaker" in r:
        b = r["breaker"]
        out.append(f'  breaker open after {b["allowed_fails"]} failures in {duration(b["window_s"])} '
                   f'for {duration(b["cooldown_s"])}')
    out.append("}")
    return "\n".join(out)


def provider_text(p):
    lp = p["litellm_params"]
    kind = lp["model"].split("/", 1)[0]
    out = [f'provider {p["model_name"]} {{', f"  kind = {kind}"]
    if kind == "mock":
        lat = lp["mock_latency_ms"]
        out.append(f'  latency = {duration(ms=lat["min"])}..{duration(ms=lat["max"])}')
        out.append(f'  errors = {lp["mock_error_percent"]}%')
    else:
        out.append(f'  url = {quote(lp["api_base"])}')
        out.append(f'  timeout = {duration(lp["timeout"])}')
        out.append(f'  max_connections = {lp["max_parallel_requests"]}')
    out.append("}")
    return "\n".join(out)


def render_gwpipe(cfg, header):
    chunks = [header, f'gateway {quote(cfg["general_settings"]["gateway"])}', ""]
    for name, values in cfg["variables"].items():
        chunks.append(f"let {name} = [" + ", ".join(quote(v) for v in values) + "]")
    for name, typ, literal, _ in PARAMS:
        chunks.append(f"param {name}: {typ} = {literal}")
    chunks.append("")
    body = [provider_text(p) for p in cfg["model_list"]]
    body += [route_text(r) for r in cfg["router_settings"]["routes"]]
    return "\n".join(chunks) + "\n" + "\n\n".join(body) + "\n"


# ---------------------------------------------------------------------------
# YAML rendering (block style, like a hand-written LiteLLM config)

PLAIN_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_./-]*$")
YAML_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if PLAIN_SAFE.match(v) and v.lower() not in YAML_RESERVED:
        return v
    return json.dumps(v)  # a JSON string is a valid YAML double-quoted scalar


def is_scalar(v):
    return not isinstance(v, (dict, list))


def yaml_lines(value, indent):
    """Lines of a block mapping or sequence at `indent` spaces."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, v in value.items():
            key = yaml_scalar(key)  # `on` is a boolean key in YAML 1.1 unless quoted
            if is_scalar(v):
                yield f"{pad}{key}: {yaml_scalar(v)}"
            elif isinstance(v, list) and all(is_scalar(x) for x in v):
                yield f"{pad}{key}: [" + ", ".join(yaml_scalar(x) for x in v) + "]"
            elif not v:
                yield f"{pad}{key}: {'[]' if isinstance(v, list) else '{}'}"
            else:
                yield f"{pad}{key}:"
                yield from yaml_lines(v, indent + 2)
    else:
        for item in value:
            if is_scalar(item):
                yield f"{pad}- {yaml_scalar(item)}"
                continue
            # "- " followed by the item's first line, the rest indented under it.
            lines = list(yaml_lines(item, indent + 2))
            yield f"{pad}- {lines[0][indent + 2:]}"
            yield from lines[1:]


def render_yaml(cfg, header):
    return header + "\n".join(yaml_lines(cfg, 0)) + "\n"


# ---------------------------------------------------------------------------

def positive(text):
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--routes", type=positive, required=True, help="number of routes")
    ap.add_argument("--providers", type=positive, required=True, help="number of providers")
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = ap.parse_args(argv)

    cfg = make_config(args.routes, args.providers, args.seed)
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, f"routes-{args.routes}")
    header = (f"# generated by Benchmarks/generate.py --routes {args.routes} "
              f"--providers {args.providers} --seed {args.seed}; do not edit\n")

    outputs = {
        ".gwpipe": render_gwpipe(cfg, header),
        ".yaml": render_yaml(cfg, header),
        ".json": json.dumps(cfg, indent=1) + "\n",
    }
    for ext, text in outputs.items():
        tmp = base + ext + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, base + ext)  # never leave a half-written file behind
        print(f"wrote {base + ext} ({len(text.encode()):,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
