/**
 * One vocabulary (issue 14): every string the window shows — JSX text, and the aria-label, title,
 * placeholder and label of elements, and the titles and messages given to notify() — uses the
 * glossary's terms (shared/domain/vocabulary.ts), never a retired synonym.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, retiredWordsIn } from '../support/vocabulary';
import { REPO } from '../support/temp';

const SHOWN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'label', 'confirmLabel', 'message', 'alt']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.tsx') ? [p] : [];
  });
}

/** The visible strings of one .tsx file, with their line numbers. */
export function visibleStrings(path: string, source = readFileSync(path, 'utf8')): { text: string; line: number }[] {
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: { text: string; line: number }[] = [];
  const add = (node: ts.Node, text: string) => {
    if (text.trim()) out.push({ text: text.trim(), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  /** String pieces of an expression (literals, template heads and spans, both sides of ?: and ||). */
  const strings = (e: ts.Node | undefined): void => {
    if (!e) return;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) add(e, e.text);
    else if (ts.isTemplateExpression(e)) {
      add(e.head, e.head.text);
      for (const s of e.templateSpans) {
        strings(s.expression);
        add(s.literal, s.literal.text);
      }
    } else if (ts.isConditionalExpression(e)) {
      strings(e.whenTrue);
      strings(e.whenFalse);
    } else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
      strings(e.left);
      strings(e.right);
    } else if (ts.isParenthesizedExpression(e) || ts.isJsxExpression(e)) strings(e.expression);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) add(node, node.text);
    else if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) strings(node.expression);
    else if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText(sf))) strings(node.initializer);
    else if (ts.isCallExpression(node) && /(^|\.)notify$/.test(node.expression.getText(sf))) node.arguments.slice(1).forEach(strings);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('one vocabulary in the window', () => {
  it('the glossary gives each retired word one term to use', () => {
    const seen = new Map<string, string>();
    for (const t of GLOSSARY)
      for (const w of t.retired) {
        expect(seen.get(w), `“${w}” retired twice`).toBeUndefined();
        seen.set(w, t.term);
      }
    expect(retiredWordsIn('Tagged passages')).toEqual([{ word: 'tagged', use: 'code' }]);
    expect(retiredWordsIn('a boolean attribute')).toEqual([{ word: 'boolean', use: 'yes/no' }]);
    expect(retiredWordsIn('stages and segmented text')).toEqual([]);
  });

  it('finds the strings a window shows (and only those)', () => {
    const found = visibleStrings(
      'x.tsx',
      `const A = () => <div className="tagged" data-x="tag"><p title={ok ? 'one tag' : 'none'}>Some tags</p>{\`\${n} segments\`}<b aria-label="Add">x</b></div>;
       notify('info', 'Tagged', \`\${n} annotations\`);
       const internal = 'boolean';`,
    );
    expect(found.map((f) => f.text)).toEqual(['one tag', 'none', 'Some tags', 'segments', 'Add', 'x', 'Tagged', 'annotations']);
  });

  it('no visible string in the renderer uses a retired synonym', () => {
    const problems: string[] = [];
    for (const file of files(join(REPO, 'renderer'))) {
      for (const s of visibleStrings(file))
        for (const r of retiredWordsIn(s.text)) problems.push(`${relative(REPO, file)}:${s.line}: “${r.word}” in “${s.text}” — use “${r.use}”`);
    }
    expect(problems).toEqual([]);
  });
});
