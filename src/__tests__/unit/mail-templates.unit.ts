import {expect} from '@loopback/testlab';
import {
  escapeHtml,
  renderPasswordResetMail,
  renderVerificationMail,
} from '../../services/mail/mail-templates';

const LINK = 'https://id.example.test/verify-email?token=tok_123';
const MALICIOUS_NAME = '<img src=x onerror=alert(1)>';

describe('mail templates (unit)', () => {
  it('escapes every character that is markup in HTML text or attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).to.equal(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('puts the verification link in both parts and greets by name', () => {
    const mail = renderVerificationMail({name: 'Ada', link: LINK});
    expect(mail.subject).to.equal('Confirm your email address');
    expect(mail.text).to.startWith('Hello Ada,');
    expect(mail.text).to.containEql(LINK);
    expect(mail.html).to.containEql(`href="${LINK}"`);
    expect(mail.html).to.containEql('<html lang="en">');
  });

  it('greets without a name when there is none', () => {
    const mail = renderVerificationMail({link: LINK});
    expect(mail.text).to.startWith('Hello,\n');
  });

  it('renders a user-chosen name as text, never as markup', () => {
    const mail = renderVerificationMail({name: MALICIOUS_NAME, link: LINK});
    expect(mail.html).to.containEql('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.to.containEql('<img');
  });

  it('keeps a name on one line so it cannot fake lines of the text part', () => {
    const mail = renderVerificationMail({
      name: 'Eve\r\n\r\nOpen https://evil.example\u2028now',
      link: LINK,
    });
    expect(mail.text.split('\n')[0]).to.equal(
      'Hello Eve Open https://evil.example now,',
    );
  });

  it('escapes the link inside the href attribute', () => {
    const link = 'https://id.example.test/r?a=1&b="><script>';
    const mail = renderPasswordResetMail({link, expiresInMinutes: 30});
    expect(mail.html).to.containEql(
      'href="https://id.example.test/r?a=1&amp;b=&quot;&gt;&lt;script&gt;"',
    );
    expect(mail.html).not.to.containEql('<script>');
  });

  it('says when a password reset link expires', () => {
    const mail = renderPasswordResetMail({
      name: 'Ada',
      link: LINK,
      expiresInMinutes: 30,
    });
    expect(mail.subject).to.equal('Reset your password');
    expect(mail.text).to.containEql(LINK);
    expect(mail.text).to.containEql('expires in 30 minutes');
    expect(mail.html).to.containEql('expires in 30 minutes');
    expect(
      renderPasswordResetMail({link: LINK, expiresInMinutes: 1}).text,
    ).to.containEql('expires in 1 minute and');
  });

  it('refuses links that are not http(s) URLs', () => {
    for (const link of ['javascript:alert(1)', '/relative/path', '']) {
      expect(() => renderVerificationMail({link})).to.throw({
        code: 'INTERNAL_ERROR',
      });
    }
  });

  it('refuses an expiry that is not a positive whole number of minutes', () => {
    expect(() =>
      renderPasswordResetMail({link: LINK, expiresInMinutes: 0}),
    ).to.throw({code: 'INTERNAL_ERROR'});
  });
});
