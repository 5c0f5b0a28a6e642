import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateEvalScript } from "../src/evaluation/spec/eval-script.ts";
import {
  defaultSpecCatalog,
  loadSpecCatalog,
  lookupInstanceFix,
  lookupRepoSpec,
  SpecLookupError,
} from "../src/evaluation/spec/repo-specs.ts";
import { SPEC_FIXTURES } from "./helpers/verified.ts";

const VERIFIED_REPOS = [
  "astropy/astropy", "django/django", "matplotlib/matplotlib", "mwaskom/seaborn", "pallets/flask", "psf/requests",
  "pydata/xarray", "pylint-dev/pylint", "pytest-dev/pytest", "scikit-learn/scikit-learn", "sphinx-doc/sphinx", "sympy/sympy",
];

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to throw");
}

describe("harness/specs catalog", () => {
  it("loads the 12 Verified repos, the 6 sample and 2 flaky-folder repos and the per-instance fixes", () => {
    const catalog = defaultSpecCatalog();
    const repos = [...catalog.repos.keys()].sort();
    expect(repos.filter((repo) => !repo.startsWith("sera-bench/"))).toEqual(VERIFIED_REPOS);
    expect(repos.filter((repo) => repo.startsWith("sera-bench/"))).toHaveLength(8);
    expect([...catalog.fixes.keys()].sort()).toEqual(["astropy__astropy-8707", "astropy__astropy-8872"]);
    expect(lookupInstanceFix("astropy__astropy-8707")?.reason).toMatch(/pytest/);
  });

  it("returns the v4.1.0 facts for a repo and version", () => {
    const django = lookupRepoSpec({ instance_id: "django__django-11099", repo: "django/django", version: "1.9" });
    expect(django.spec.testCmd).toBe("./tests/runtests.py --verbosity 2");
    expect(django.logParser).toBe("parse_log_django");
    const requests = lookupRepoSpec({ instance_id: "psf__requests-2317", repo: "psf/requests", version: "2.4" });
    expect(requests.spec.install).toBe("python -m pip install .");
    expect(requests.logParser).toBe("parse_log_requests");
  });

  it("names the instance, repo and version, and lists known versions, for an unknown version", () => {
    const key = { instance_id: "django__django-99999", repo: "django/django", version: "9.9" };
    const error = thrown(() => lookupRepoSpec(key));
    expect(error).toBeInstanceOf(SpecLookupError);
    expect((error as SpecLookupError).message).toBe(
      'No test spec for instance django__django-99999: repo django/django has no version "9.9"; known versions: ' +
        "1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 1.10, 1.11, 2.0, 2.1, 2.2, 3.0, 3.1, 3.2, 4.0, 4.1, 4.2, 5.0, 5.1, 5.2",
    );
    expect((error as SpecLookupError).key).toEqual(key);
  });

  it("names the instance and lists known repos for an unknown repo, also from generateEvalScript", () => {
    const instance = { instance_id: "acme__widgets-1", repo: "acme/widgets", version: "1.0", base_commit: "0".repeat(40), test_patch: "" };
    expect(() => generateEvalScript(instance)).toThrow(
      /^No test spec for instance acme__widgets-1: unknown repo "acme\/widgets" \(version "1.0"\); known repos: astropy\/astropy, django\/django, /,
    );
  });

  it("rejects a spec file that breaks the schema, naming the file and the field", () => {
    const dir = join(SPEC_FIXTURES, "bad-schema");
    expect(() => loadSpecCatalog(dir)).toThrow(/acme__widgets\.json: invalid spec file[\s\S]*expected string[\s\S]*versions\["1\.0"\]\.testCmd/);
  });

  it("rejects a spec file whose repo does not match its file name", () => {
    expect(() => loadSpecCatalog(join(SPEC_FIXTURES, "wrong-name"))).toThrow(
      /acme__widgets\.json: repo is "acme\/gadgets", expected "acme\/widgets"/,
    );
  });

  it("rejects a fixes file that lists an instance twice", () => {
    expect(() => loadSpecCatalog(join(SPEC_FIXTURES, "dup-fix"))).toThrow(/fixes\.json: instance acme__widgets-1 is listed twice/);
  });
});
