#!/usr/bin/env node
/**
 * The `kreach` command line (also installed as `kubectl-kreach`, so `kubectl kreach …` works). A thin
 * layer over the library: parse flags, run a command, map failures to exit codes without stack traces.
 */
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT_INPUT_ERROR, UsageError } from './exit-codes.js';
import { connectivityCommand } from './connectivity.js';
import { dnsCommand } from './dns.js';
import { getCommand } from './get.js';
import { lintCommand } from './lint.js';
import { snapshotCommand } from './snapshot.js';
import { traceCommand } from './trace.js';

const invokedAs = basename(process.argv[1] ?? 'kreach').replace(/\.js$/, '');
const displayName = invokedAs === 'kubectl-kreach' ? 'kubectl kreach' : 'kreach';

export function buildProgram(): Command {
  const program = new Command(displayName)
    .description("Why can't this pod reach that Service? Kubernetes Service networking, simulated from manifests.")
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(getCommand());
  program.addCommand(dnsCommand());
  program.addCommand(traceCommand());
  program.addCommand(connectivityCommand());
  program.addCommand(lintCommand());
  program.addCommand(snapshotCommand());
  const exitOverride = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(exitOverride);
  };
  program.commands.forEach(exitOverride);
  return program;
}

async function main(): Promise<void> {
  // `kreach get … | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits of their own; every other commander error is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_INPUT_ERROR;
    } else if (error instanceof UsageError) {
      process.stderr.write(`${displayName}: error: ${error.message}\n`);
      process.exitCode = EXIT_INPUT_ERROR;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${displayName}: internal error: ${message}\nPlease report this with the input that caused it.\n`);
      if (process.env.KREACH_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 70;
    }
  }
}

await main();
