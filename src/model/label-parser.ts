/**
 * Lexer and recursive-descent parser for the label-selector text of `kubectl -l`, following
 * kubernetes/apimachinery `pkg/labels/selector.go` (`Lexer`, `Parser.parse`, `NewRequirement`):
 *
 *   selector    ::= requirement ( "," requirement )*
 *   requirement ::= [ "!" ] KEY [ ( "in" | "notin" ) "(" values ")" | ( "=" | "==" | "!=" ) VALUE ]
 *
 * Whitespace separates tokens and is otherwise ignored; `in` and `notin` are keywords only where an
 * operator is expected. The result is a list of requirements in input order; `labels.ts` turns it
 * into a `LabelSelector`. Errors throw `SelectorSyntaxError` naming the offending token.
 */
import { labelValueErrors, qualifiedNameErrors } from './validation.js';

/** What went wrong, stable for tests and messages. */
export type SelectorErrorCode =
  | 'selector-unexpected-token'
  | 'selector-invalid-key'
  | 'selector-invalid-value'
  | 'selector-unsupported-operator';

/** A selector text that apimachinery's parser would reject (or that kreach cannot represent). */
export class SelectorSyntaxError extends Error {
  override readonly name = 'SelectorSyntaxError';
  constructor(
    readonly code: SelectorErrorCode,
    message: string,
    /** The token the parser stopped at (`''` at the end of the text). */
    readonly token: string,
    /** 0-based offset of that token in the selector text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export type ParsedOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!';

export interface ParsedRequirement {
  key: string;
  operator: ParsedOperator;
  /** Sorted and de-duplicated, as apimachinery's `sets.String` keeps them. */
  values: string[];
}

type TokenKind = 'ident' | 'end' | 'error' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin';

interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
}

/** `string2token` of selector.go: the operators and punctuation, longest match wins. */
const SYMBOLS = new Set(['(', ')', ',', '!', '=', '==', '!=', '>', '<']);
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/** `Lexer.Lex` over the whole text, ending with an `end` token. */
export function lexSelector(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && WHITESPACE.has(text.charAt(pos))) pos++;
    const start = pos;
    if (pos >= text.length) {
      tokens.push({ kind: 'end', text: '', offset: start });
      return tokens;
    }
    if (SPECIAL.has(text.charAt(pos))) {
      // scanSpecialSymbol: extend while the buffer is still a known symbol (`!` → `!=`, `=` → `==`).
      let end = pos + 1;
      while (end < text.length && SYMBOLS.has(text.slice(start, end + 1))) end++;
      const symbol = text.slice(start, end);
      tokens.push({ kind: symbol as TokenKind, text: symbol, offset: start });
      pos = end;
      continue;
    }
    while (pos < text.length && !SPECIAL.has(text.charAt(pos)) && !WHITESPACE.has(text.charAt(pos))) pos++;
    const word = text.slice(start, pos);
    const kind: TokenKind = word === 'in' || word === 'notin' ? word : 'ident';
    tokens.push({ kind, text: word, offset: start });
  }
}

/** Parse selector text into requirements; throws `SelectorSyntaxError`. */
export function parseRequirements(text: string): ParsedRequirement[] {
  return new Parser(lexSelector(text)).parse();
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  /** In value position the keywords `in`/`notin` are plain identifiers (`ParserContext` Values). */
  private peek(asValue = true): Token {
    const token = this.tokens[Math.min(this.position, this.tokens.length - 1)] as Token;
    return asValue && (token.kind === 'in' || token.kind === 'notin') ? { ...token, kind: 'ident' } : token;
  }

  private next(asValue = true): Token {
    const token = this.peek(asValue);
    this.position++;
    return token;
  }

  parse(): ParsedRequirement[] {
    const requirements: ParsedRequirement[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'end') return requirements;
      if (token.kind !== 'ident' && token.kind !== '!') {
        throw unexpected(token, "'!', a label key or the end of the selector");
      }
      requirements.push(this.requirement());
      const after = this.next();
      if (after.kind === 'end') return requirements;
      if (after.kind !== ',') throw unexpected(after, "',' or the end of the selector");
      const following = this.peek();
      if (following.kind !== 'ident' && following.kind !== '!') throw unexpected(following, "a label key after ','");
    }
  }

  private requirement(): ParsedRequirement {
    let negated = false;
    let keyToken = this.next();
    if (keyToken.kind === '!') {
      negated = true;
      keyToken = this.next();
    }
    if (keyToken.kind !== 'ident') throw unexpected(keyToken, 'a label key');
    const key = keyToken.text;
    const keyProblem = qualifiedNameErrors(key).join('; ');
    if (keyProblem) {
      throw new SelectorSyntaxError('selector-invalid-key', `invalid label key '${key}': ${keyProblem}`, key, keyToken.offset);
    }
    // A bare key (or `!key`) followed by ',' or the end is Exists (DoesNotExist).
    const lookahead = this.peek();
    if (negated || lookahead.kind === 'end' || lookahead.kind === ',') {
      return { key, operator: negated ? '!' : 'exists', values: [] };
    }
    const operator = this.next(false);
    switch (operator.kind) {
      case 'in':
      case 'notin':
        return this.withValues(key, operator.kind, this.valueSet());
      case '=':
      case '==':
      case '!=':
        return this.withValues(key, operator.kind, [this.exactValue()]);
      case '>':
      case '<':
        throw new SelectorSyntaxError(
          'selector-unsupported-operator',
          `operator '${operator.text}' after '${key}' is not part of metav1.LabelSelector (only =, ==, !=, in, notin, exists)`,
          operator.text,
          operator.offset,
        );
      default:
        throw unexpected(operator, "'=', '==', '!=', 'in' or 'notin'");
    }
  }

  /** `parseValues`: `(a,b)`; empty entries are the empty value, so `()` means `("")`. */
  private valueSet(): Token[] {
    const open = this.next();
    if (open.kind !== '(') throw unexpected(open, "'('");
    const values: Token[] = [];
    let expectValue = true;
    for (;;) {
      const token = this.next();
      if (token.kind === ')') {
        if (expectValue) values.push({ kind: 'ident', text: '', offset: token.offset });
        return values;
      }
      if (token.kind === ',') {
        if (expectValue) values.push({ kind: 'ident', text: '', offset: token.offset });
        expectValue = true;
      } else if (token.kind === 'ident' && expectValue) {
        values.push(token);
        expectValue = false;
      } else {
        throw unexpected(token, expectValue ? "a value, ',' or ')'" : "',' or ')'");
      }
    }
  }

  /** `parseExactValue`: `x=` (followed by ',' or the end) means the empty value. */
  private exactValue(): Token {
    const token = this.peek();
    if (token.kind === 'end' || token.kind === ',') return { kind: 'ident', text: '', offset: token.offset };
    this.position++;
    if (token.kind !== 'ident') throw unexpected(token, 'a value');
    return token;
  }

  /** `NewRequirement`: every value must be a valid label value. */
  private withValues(key: string, operator: ParsedOperator, tokens: Token[]): ParsedRequirement {
    for (const token of tokens) {
      const problem = labelValueErrors(token.text).join('; ');
      if (problem) {
        throw new SelectorSyntaxError(
          'selector-invalid-value',
          `invalid value '${token.text}' for label '${key}': ${problem}`,
          token.text,
          token.offset,
        );
      }
    }
    const values = [...new Set(tokens.map((t) => t.text))].sort();
    return { key, operator, values };
  }
}

function unexpected(token: Token, expected: string): SelectorSyntaxError {
  const found = token.kind === 'end' ? 'the end of the selector' : `'${token.text}'`;
  return new SelectorSyntaxError(
    'selector-unexpected-token',
    `found ${found} at offset ${token.offset}, expected ${expected}`,
    token.text,
    token.offset,
  );
}
