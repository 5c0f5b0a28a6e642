/**
 * The dataset's `log_parser` names (SWE-bench Verified uses these 12) mapped to their
 * implementation, per generation. Aliases follow v4.1.0's `log_parsers/python.py`:
 * flask/xarray = pytest, requests/pylint = pytest_options, astropy/scikit/sphinx = pytest_v2.
 */
import { parseDjango } from "./django.ts";
import {
  parseMatplotlib,
  parseMatplotlibV5,
  parsePytest,
  parsePytestOptions,
  parsePytestOptionsV5,
  parsePytestV5,
} from "./pytest.ts";
import { parsePytestV2, parsePytestV2V5 } from "./pytest-v2.ts";
import { parseSeaborn, parseSeabornV5 } from "./seaborn.ts";
import { parseSympy } from "./sympy.ts";
import type { LogParser, ParserGeneration } from "./types.ts";
import { SeraBenchError } from "../../util/errors.ts";

type Pair = Readonly<Record<ParserGeneration, LogParser>>;

const PYTEST: Pair = { v4: parsePytest, v5: parsePytestV5 };
const PYTEST_OPTIONS: Pair = { v4: parsePytestOptions, v5: parsePytestOptionsV5 };
const PYTEST_V2: Pair = { v4: parsePytestV2, v5: parsePytestV2V5 };

const REGISTRY = {
  parse_log_astropy: PYTEST_V2,
  parse_log_django: { v4: parseDjango, v5: parseDjango },
  parse_log_matplotlib: { v4: parseMatplotlib, v5: parseMatplotlibV5 },
  parse_log_seaborn: { v4: parseSeaborn, v5: parseSeabornV5 },
  parse_log_flask: PYTEST,
  parse_log_requests: PYTEST_OPTIONS,
  parse_log_xarray: PYTEST,
  parse_log_pylint: PYTEST_OPTIONS,
  parse_log_pytest: PYTEST,
  parse_log_scikit: PYTEST_V2,
  parse_log_sphinx: PYTEST_V2,
  parse_log_sympy: { v4: parseSympy, v5: parseSympy },
} as const satisfies Record<string, Pair>;

export type LogParserName = keyof typeof REGISTRY;
export const LOG_PARSER_NAMES = Object.keys(REGISTRY) as readonly LogParserName[];

export function isLogParserName(name: string): name is LogParserName {
  return Object.hasOwn(REGISTRY, name);
}

/** The parser for a dataset `log_parser` value; an unknown name throws, listing the known ones. */
export function getLogParser(name: string, generation: ParserGeneration): LogParser {
  if (!isLogParserName(name)) {
    throw new SeraBenchError(`unknown log parser ${JSON.stringify(name)}; expected one of: ${LOG_PARSER_NAMES.join(", ")}`);
  }
  return REGISTRY[name][generation];
}
