import {expect} from '@loopback/testlab';
import {User} from '../../models';
import {givenUser} from '../fixtures/guard';
import {bearer, givenUserAdminScene} from '../fixtures/user-admin';

/** The target of a `Link: <…>; rel="next"` header, if any. */
function nextLink(link: string | undefined): string | undefined {
  return link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
}

describe('GET /users pages by cursor (acceptance)', () => {
  const scene = givenUserAdminScene();

  before(async () => {
    // Created in one burst: several share a millisecond, which the cursor
    // must break by id.
    await Promise.all(
      Array.from({length: 9}, (_, i) => givenUser(scene.app, {name: `p${i}`})),
    );
  });

  async function get(url: string) {
    return scene.client
      .get(url)
      .set('Authorization', bearer(scene.adminToken))
      .expect(200);
  }

  it('follows Link rel="next" through every user once, in list order', async () => {
    const all = (await get('/users?limit=100')).body.map((u: User) => u.id);
    expect(all.length).to.be.above(10);
    const paged: string[] = [];
    let url: string | undefined = '/users?limit=3';
    let pages = 0;
    while (url) {
      const res = await get(url);
      paged.push(...res.body.map((u: User) => u.id));
      url = nextLink(res.headers.link);
      pages++;
    }
    expect(paged).to.eql(all);
    expect(pages).to.equal(Math.ceil(all.length / 3));
  });

  it('keeps the email filter and limit in the next link; none on the last page', async () => {
    const first = await get('/users?limit=1');
    const next = nextLink(first.headers.link)!;
    expect(next).to.match(/^\/users\?limit=1&cursor=[A-Za-z0-9_-]+$/);
    const byEmail = await get(
      `/users?email=${encodeURIComponent(scene.user.email)}`,
    );
    expect(byEmail.body.map((u: User) => u.id)).to.eql([scene.user.id]);
    expect(byEmail.headers.link).to.be.undefined();
  });

  it('refuses a cursor it did not give with INVALID_CURSOR', async () => {
    const forged = Buffer.from('{"created":1}').toString('base64url');
    for (const cursor of ['not-a-cursor', forged, '']) {
      const res = await scene.client
        .get('/users')
        .query({cursor})
        .set('Authorization', bearer(scene.adminToken))
        .expect(400);
      expect(res.body.error.code).to.equal('INVALID_CURSOR');
    }
  });

  it('refuses a cursor with the deprecated offset (INVALID_REQUEST)', async () => {
    const first = await get('/users?limit=1');
    const cursor = new URL(nextLink(first.headers.link)!, 'http://x');
    const res = await scene.client
      .get(`${cursor.pathname}${cursor.search}&offset=1`)
      .set('Authorization', bearer(scene.adminToken))
      .expect(400);
    expect(res.body.error.code).to.equal('INVALID_REQUEST');
  });
});
