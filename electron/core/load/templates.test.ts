import { describe, expect, it } from 'vitest';
import { compileBody, compileString, type TemplateScope } from './template-runtime.js';
import { labelOf, parseBody, parseTemplate, TemplateError, varsUsed } from './templates.js';

const runtime = { nextSeq: (() => { let n = 0; return () => n++; })() };
const scope = (vars: Record<string, unknown> = {}): TemplateScope => ({ vars, vu: 7, iteration: 3 });

describe('parseTemplate', () => {
  it('splits text and helper calls', () => {
    expect(parseTemplate('/goals/{{var goal_id}}/tags/{{ pick a "b c" }}')).toEqual([
      { kind: 'text', text: '/goals/' },
      { kind: 'var', name: 'goal_id' },
      { kind: 'text', text: '/tags/' },
      { kind: 'pick', options: ['a', 'b c'] },
    ]);
    expect(parseTemplate('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
    expect(parseTemplate('{{randomInt 1 1000}}')).toEqual([{ kind: 'randomInt', min: 1, max: 1000 }]);
  });

  it.each([
    ['{{randInt 1 5}}', 'unknown helper "randInt" (known: randomInt, uuid, pick, var, seq, vu, iteration, now, randomString, env) in "{{randInt 1 5}}"'],
    ['/x/{{var goal_id', 'unclosed "{{" at column 4 in "/x/{{var goal_id"'],
    ['{{randomInt 5 1}}', 'randomInt: 5 is greater than 1'],
    ['{{randomInt one 9}}', 'randomInt needs two integers'],
    ['{{var}}', 'var takes 1 argument, e.g. {{var goal_id}}'],
    ['{{uuid 4}}', 'uuid takes no arguments'],
    ['{{}}', 'empty "{{}}"'],
    ['{{pick "a}}', 'unbalanced quote'],
  ])('refuses %j', (source, message) => {
    expect(() => parseTemplate(source)).toThrow(TemplateError);
    expect(() => parseTemplate(source)).toThrow(message);
  });

  it('labels templates by name and lists the variables used', () => {
    const parts = parseTemplate('/goals/{{var goal_id}}?n={{randomInt 1 9}}');
    expect(labelOf(parts)).toBe('/goals/{goal_id}?n={randomInt}');
    expect(varsUsed(parts)).toEqual(['goal_id']);
  });
});

describe('compiled templates', () => {
  it('renders paths with URL-encoded values and literal text untouched', () => {
    const render = compileString(parseTemplate('/goals/{{var goal_id}}'), runtime, encodeURIComponent);
    expect(render(scope({ goal_id: 'a b/c' }))).toBe('/goals/a%20b%2Fc');
    expect(compileString(parseTemplate('/v/{{vu}}/{{iteration}}'), runtime)(scope())).toBe('/v/7/3');
  });

  it('keeps numbers and captured values typed in a JSON body', () => {
    const body = compileBody(parseBody({ n: '{{randomInt 5 5}}', title: 'goal {{randomInt 2 2}}', parent: '{{var parent}}', list: [1, '{{vu}}'] }), runtime);
    expect(body.fixed).toBeNull();
    expect(JSON.parse(body.render(scope({ parent: { id: 9 } })))).toEqual({ n: 5, title: 'goal 2', parent: { id: 9 }, list: [1, 7] });
  });

  it('builds a body without templates once', () => {
    expect(compileBody(parseBody({ a: [1, 'x'], b: null }), runtime).fixed).toBe('{"a":[1,"x"],"b":null}');
  });

  it('names the place of a broken template inside a body', () => {
    expect(() => parseBody({ goal: { tags: ['ok', '{{nope}}'] } })).toThrow('body.goal.tags[1]: unknown helper "nope"');
  });
});
