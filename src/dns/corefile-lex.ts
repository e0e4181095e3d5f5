/**
 * The Corefile's syntax (the Caddyfile format CoreDNS inherits), reduced to what reading the
 * `kubernetes` plugin needs: tokens with positions, server blocks with their keys, and directives
 * with their same-line arguments and an optional `{ … }` block. Semantics live in `corefile.ts`.
 *
 * @see coredns/caddy `caddyfile/lexer.go` (tokens, quotes, `#` comments) and `caddyfile/parse.go`
 *   (server block keys, brace nesting, a single server block may omit its braces).
 */

export interface Token {
  text: string;
  /** 1-based line and column of the token's first character. */
  line: number;
  col: number;
  /** Line of the last character: a quoted token may span lines. */
  endLine: number;
  quoted: boolean;
}

export interface Directive {
  name: Token;
  /** Arguments on the directive's line, up to the end of the line or an opening brace. */
  args: Token[];
  /** The directive's `{ … }` body, parsed as directives again (one per line). */
  block?: Directive[];
}

export interface ServerBlock {
  /** The keys before `{` (`.:53`, `cluster.local:53`), commas removed. */
  keys: Token[];
  directives: Directive[];
  /** A snippet `(name) { … }`: only reachable through `import`. */
  snippet: boolean;
}

export interface SyntaxProblem {
  message: string;
  line: number;
  col: number;
}

/** Split Corefile text into tokens. A `#` starts a comment only at the start of a token (lexer.go). */
export function lexCorefile(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let col = 0;
  let current: Token | undefined;
  let inQuote = false;
  let inComment = false;
  let escaped = false;
  const finish = () => {
    if (current) tokens.push(current);
    current = undefined;
  };
  for (const ch of text) {
    col++;
    if (ch === '\n') {
      if (inQuote && current) {
        current.text += ch;
        current.endLine = line + 1;
      } else {
        finish();
      }
      inComment = false;
      line++;
      col = 0;
      continue;
    }
    if (inComment) continue;
    if (inQuote) {
      if (escaped) {
        // Only `\"` is an escape; any other backslash is kept as written (lexer.go).
        current!.text += ch === '"' ? '"' : `\\${ch}`;
        escaped = false;
      } else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inQuote = false;
        finish();
      } else current!.text += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      finish();
      continue;
    }
    if (!current && ch === '#') {
      inComment = true;
      continue;
    }
    if (!current && ch === '"') {
      inQuote = true;
      current = { text: '', line, col, endLine: line, quoted: true };
      continue;
    }
    current ??= { text: '', line, col, endLine: line, quoted: false };
    current.text += ch;
  }
  finish();
  return tokens;
}

const isOpen = (t: Token | undefined) => t !== undefined && !t.quoted && t.text === '{';
const isClose = (t: Token | undefined) => t !== undefined && !t.quoted && t.text === '}';

/** Server blocks of a Corefile; `problems` lists what CoreDNS would refuse to load. */
export function parseCorefileBlocks(text: string): { blocks: ServerBlock[]; problems: SyntaxProblem[] } {
  const tokens = lexCorefile(text);
  const problems: SyntaxProblem[] = [];
  const blocks: ServerBlock[] = [];
  let i = 0;

  /** Directives until the `}` that closes this body (consumed) or the end of input. */
  const body = (braced: boolean, opener?: Token): Directive[] => {
    const out: Directive[] = [];
    while (i < tokens.length) {
      const name = tokens[i]!;
      if (isClose(name)) {
        i++;
        if (braced) return out;
        problems.push({ message: "unexpected '}' without a matching '{'", line: name.line, col: name.col });
        continue;
      }
      i++;
      if (isOpen(name)) {
        problems.push({ message: "unexpected '{': a block opens on its directive's line", line: name.line, col: name.col });
        continue;
      }
      const directive: Directive = { name, args: [] };
      let last = name;
      while (i < tokens.length && tokens[i]!.line === last.endLine && !isOpen(tokens[i]) && !isClose(tokens[i])) {
        last = tokens[i++]!;
        directive.args.push(last);
      }
      if (isOpen(tokens[i]) && tokens[i]!.line === last.endLine) {
        const open = tokens[i++]!;
        directive.block = body(true, open);
      }
      out.push(directive);
    }
    if (braced && opener) problems.push({ message: "'{' is never closed", line: opener.line, col: opener.col });
    return out;
  };

  while (i < tokens.length) {
    const keys: Token[] = [];
    // Keys run to the end of the line; a trailing comma continues them on the next (parse.go).
    while (i < tokens.length && !isOpen(tokens[i]) && !isClose(tokens[i])) {
      const key = tokens[i++]!;
      const continued = key.text.endsWith(',');
      for (const part of key.text.split(',')) if (part) keys.push({ ...key, text: part });
      if (!continued && (i >= tokens.length || tokens[i]!.line !== key.endLine)) break;
    }
    const snippet = keys.length === 1 && /^\(.*\)$/.test(keys[0]!.text);
    if (isOpen(tokens[i])) {
      const open = tokens[i++]!;
      blocks.push({ keys, directives: body(true, open), snippet });
    } else if (blocks.length === 0) {
      // A lone server block may omit its braces: everything after the keys is its body.
      blocks.push({ keys, directives: body(false), snippet });
    } else {
      const at = tokens[i] ?? tokens[tokens.length - 1]!;
      problems.push({ message: "expected '{' after the server block keys", line: at.line, col: at.col });
      i++;
    }
  }
  return { blocks, problems };
}
