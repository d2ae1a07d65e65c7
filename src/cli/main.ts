#!/usr/bin/env -S node --max-semi-space-size=64
/** The `calintel` command. Each subcommand parses its flags and calls a use case in src/app. */
import { runCli } from './program.js';

await runCli(process.argv);
