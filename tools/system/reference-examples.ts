/**
 * The curl examples of the public API reference, read from its text as a reader would copy them:
 * each one's method, URL, headers and body, and the answer the reference shows under it (a status
 * line such as `200 OK` or `response 201`, and the JSON after it), if any.
 */

export interface ShownAnswer {
  status: number;
  /** The JSON the reference shows after the status, parsed; undefined when it shows none. */
  body?: unknown;
}

export interface ReferenceExample {
  /** 1-based line of the reference where the example's `curl` starts. */
  line: number;
  /** As written (the reference has `--request get` too). */
  method: string;
  url: string;
  headers: string[];
  data?: string;
  /** Words of the command that are neither an option nor the URL (e.g. the stray `GET` of `curl GET https://…`). */
  stray: string[];
  shown?: ShownAnswer;
}

const NUMBERED_START = /^1\$?\s?curl\b/;
const PLAIN_START = /^curl\b/;
const NUMBERED_LINE = /^(\d+)\$?\s?/;

/** Splits a command as a POSIX shell would, without expansions: quotes group, backslash-newline is a space. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'" || c === '"') {
      const end = command.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed ${c} in: ${command}`);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && command[i + 1] === '\n') {
      i++;
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** True while a quote opened in `text` is still open. */
function quoteOpen(text: string): boolean {
  let open: string | undefined;
  for (const c of text) {
    if (open) {
      if (c === open) open = undefined;
    } else if (c === "'" || c === '"') open = c;
  }
  return open !== undefined;
}

/** The command of the example starting at `lines[start]` and the index of the line after it. */
function commandAt(lines: string[], start: number): { command: string; next: number } {
  if (NUMBERED_START.test(lines[start])) {
    // An editor's listing: "1$ curl …", "2 -H '…'", "3\t--url …", numbered from 1 up.
    const parts: string[] = [];
    let i = start;
    for (let n = 1; i < lines.length; i++, n++) {
      const number = NUMBERED_LINE.exec(lines[i]);
      if (!number || Number(number[1]) !== n) break;
      parts.push(lines[i].slice(number[0].length).replace(/\\\s*$/, ''));
    }
    return { command: parts.join(' '), next: i };
  }
  // A shell listing: lines go on while a quote is open or the line ends with a backslash.
  let text = lines[start];
  let i = start + 1;
  while (i < lines.length && (quoteOpen(text) || /\\\s*$/.test(text))) text += '\n' + lines[i++];
  return { command: text, next: i };
}

/** The JSON value that starts at `lines[from]` (its first character is `{`), or undefined. */
function jsonAt(lines: string[], from: number): unknown {
  let text = '';
  for (let i = from; i < lines.length; i++) {
    text += lines[i] + '\n';
    let depth = 0;
    let inString = false;
    for (let k = 0; k < text.length; k++) {
      const c = text[k];
      if (inString) {
        if (c === '\\') k++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
    }
    if (depth === 0) return JSON.parse(text);
  }
  return undefined;
}

/** The answer shown between an example and the next one: its first status line, then the JSON after it. */
function shownAnswer(lines: string[], from: number, to: number): ShownAnswer | undefined {
  for (let i = from; i < to; i++) {
    const status = /^(?:response )?([1-5]\d\d)\b/.exec(lines[i].trim());
    if (!status) continue;
    const answer: ShownAnswer = { status: Number(status[1]) };
    for (let k = i + 1; k < to; k++) {
      const line = lines[k].trim();
      if (line === '') continue;
      if (line.startsWith('{')) answer.body = jsonAt(lines, k);
      break;
    }
    return answer;
  }
  return undefined;
}

function toExample(line: number, words: string[]): Omit<ReferenceExample, 'shown'> {
  const example = { line, method: 'GET', url: '', headers: [] as string[], stray: [] as string[] } as Omit<
    ReferenceExample,
    'shown'
  >;
  // words[0] is `curl`.
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '-X' || word === '--request') example.method = words[++i];
    else if (word === '-H' || word === '--header') example.headers.push(words[++i]);
    else if (word === '-d' || word === '--data') example.data = words[++i];
    else if (word === '--url') example.url = words[++i];
    else if (word === '-i' || word === '\\') continue;
    else if (/^https?:\/\//.test(word)) example.url = word;
    else example.stray.push(word);
  }
  if (!example.url) throw new Error(`the example on line ${line} has no URL`);
  return example;
}

/** Every curl example of the reference's text, in the reference's order. */
export function referenceExamples(text: string): ReferenceExample[] {
  const lines = text.split('\n');
  const starts: { line: number; words: string[]; next: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!NUMBERED_START.test(lines[i]) && !PLAIN_START.test(lines[i])) continue;
    const { command, next } = commandAt(lines, i);
    starts.push({ line: i + 1, words: shellWords(command), next });
    i = next - 1;
  }
  return starts.map((start, n) => ({
    ...toExample(start.line, start.words),
    shown: shownAnswer(lines, start.next, n + 1 < starts.length ? starts[n + 1].line - 1 : lines.length),
  }));
}
