import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The Quick Start compiles with the lib (strict, tsconfig.base.json); this proves it needs no cast to. */
describe('the Quick Start example', () => {
  it('has no type assertion, non-null assertion or any', () => {
    const file = path.join(__dirname, 'quick-start.ts');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node) => {
      if (
        ts.isAsExpression(node) ||
        ts.isTypeAssertionExpression(node) ||
        ts.isNonNullExpression(node) ||
        ts.isSatisfiesExpression(node) ||
        node.kind === ts.SyntaxKind.AnyKeyword
      ) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${line + 1}: ${node.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(found).toEqual([]);
  });

  it('is compiled under strict by the lib’s typecheck', () => {
    const config = ts.readConfigFile(path.join(__dirname, '../tsconfig.json'), ts.sys.readFile).config;
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.join(__dirname, '..'));
    expect(parsed.options.strict).toBe(true);
    expect(parsed.fileNames).toContain(path.join(__dirname, 'quick-start.ts'));
  });
});
