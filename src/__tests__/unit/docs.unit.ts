import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';
import {ERROR_STATUS} from '../../errors/error-codes';

/** The project's root, from dist/__tests__/unit. */
const ROOT = path.resolve(__dirname, '../../..');
const CONTRACT = path.join(ROOT, 'docs', 'http-contract.md');

function documents(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter(name => name.endsWith('.md'))
    .map(name => path.join('docs', name));
  return ['README.md', ...docs];
}

describe('the project documents (unit)', () => {
  it('point at nothing outside the project', () => {
    for (const file of documents()) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      // The users of the package have the project, never its siblings.
      expect({file, mentions: text.includes('../shared')}).to.eql({
        file,
        mentions: false,
      });
      expect({file, links: text.match(/\]\(\.\.\/[^)]*\)/g) ?? []}).to.eql({
        file,
        links: [],
      });
    }
  });

  it('the README links to the HTTP contract', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.includes('](docs/http-contract.md)')).to.be.true();
  });

  it('the README links to the architecture, which names only files that exist', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.includes('](docs/architecture.md)')).to.be.true();
    const architecture = fs.readFileSync(
      path.join(ROOT, 'docs', 'architecture.md'),
      'utf8',
    );
    // A newcomer follows these paths: a file that moved must not leave a stale one.
    const missing = [...architecture.matchAll(/`(src\/[^`*]+)`/g)]
      .map(m => m[1]!)
      .filter(file => !fs.existsSync(path.join(ROOT, file)));
    expect(missing).to.eql([]);
  });

  it('the HTTP contract lists every error code with its status', () => {
    const contract = fs.readFileSync(CONTRACT, 'utf8');
    const missing = Object.entries(ERROR_STATUS)
      .map(([code, status]) => `| \`${code}\` | ${status} |`)
      .filter(row => !contract.includes(row));
    expect(missing).to.eql([]);
  });

  it('the HTTP contract names no code the service does not define', () => {
    const contract = fs.readFileSync(CONTRACT, 'utf8');
    const table = contract.slice(contract.indexOf('## Error codes'));
    const listed = [...table.matchAll(/^\| `([A-Z_]+)` \| \d{3} \|/gm)].map(
      m => m[1],
    );
    expect(listed.filter(code => !(code! in ERROR_STATUS))).to.eql([]);
  });
});
