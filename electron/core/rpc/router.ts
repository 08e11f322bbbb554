/**
 * The one entry point of every command, whatever the transport: look up, check the role,
 * validate the input, run the handler, check the output, answer with an envelope.
 */
import type { z } from 'zod';
import { commands, isCommandName, roleAllows } from '../../../shared/contract/commands.js';
import type { CommandInput, CommandName, CommandOutput, CommandParsedInput } from '../../../shared/contract/commands.js';
import type { RpcResult } from '../../../shared/contract/errors.js';
import type { Role, Transport } from '../../../shared/domain/app.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Who is calling and through what; decided by the shell, never by the payload. */
export interface CallContext {
  role: Role;
  transport: Transport;
}

export type Handler<N extends CommandName> = (
  input: CommandParsedInput<N>,
  ctx: CallContext,
) => CommandOutput<N> | Promise<CommandOutput<N>>;

export type Handlers = { [N in CommandName]: Handler<N> };

/**
 * Answers a call with an envelope. Transports pass what came off the wire (any name, any input);
 * in-process callers (the core client) get the output type of the command they name.
 */
export interface Dispatch {
  <N extends CommandName>(name: N, input: CommandInput<N>, ctx: CallContext): Promise<RpcResult<CommandOutput<N>>>;
  (name: unknown, input: unknown, ctx: CallContext): Promise<RpcResult<unknown>>;
}

export interface RouterOptions {
  logger: Logger;
  /** Parse every output against its schema: catches core bugs, not attacks. */
  validateOutput?: boolean;
}

export function createRouter(handlers: Handlers, { logger, validateOutput = true }: RouterOptions): Dispatch {
  // Typed for in-process callers and checked at run time for everyone: the output is parsed
  // against the schema of the very command named (with validateOutput off, the handler's own
  // typed output is passed on).
  function dispatch<N extends CommandName>(name: N, input: CommandInput<N>, ctx: CallContext): Promise<RpcResult<CommandOutput<N>>>;
  function dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<RpcResult<unknown>>;
  async function dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<RpcResult<unknown>> {
    if (typeof name !== 'string' || !isCommandName(name)) {
      return fail('unknown_command', `unknown command ${JSON.stringify(String(name)).slice(0, 80)}`);
    }
    const spec = commands[name];
    if (!roleAllows(ctx.role, spec.role)) {
      return fail('forbidden', `${name} needs the ${spec.role} role; this connection is ${ctx.role} (read-only)`);
    }
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = toIssues(parsed.error);
      return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${name}: ${issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ')}`, issues } };
    }
    try {
      const handler = handlers[name] as Handler<CommandName>;
      const value: unknown = await handler(parsed.data, ctx);
      if (validateOutput) {
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          logger.error(`${name} returned output that breaks the contract: ${checked.error.message}`);
          return fail('internal', `${name} failed inside the core (invalid output)`);
        }
        return { ok: true, value: checked.data };
      }
      return { ok: true, value };
    } catch (error) {
      // A domain error is an expected refusal: its code and words go to the caller as they are.
      if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
      logger.error(`${name} failed`, error);
      return fail('internal', `${name} failed inside the core: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return dispatch;
}

function fail(code: 'unknown_command' | 'forbidden' | 'internal', message: string): RpcResult<never> {
  return { ok: false, error: { code, message } };
}

function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}
