import {expect} from '@loopback/testlab';
import {
  renderEmailChangedMail,
  renderEmailChangeMail,
  renderEmailInUseMail,
} from '../../services/mail/email-change-mail-templates';

const LINK = 'https://id.example.test/#confirm-email-change?token=tok_123';
const MALICIOUS_NAME = '<img src=x onerror=alert(1)>';

describe('email change mail templates (unit)', () => {
  it('puts the confirmation link and its expiry in both parts', () => {
    const mail = renderEmailChangeMail({
      name: 'Ada',
      link: LINK,
      expiresInMinutes: 1440,
    });
    expect(mail.subject).to.equal('Confirm your new email address');
    expect(mail.text).to.startWith('Hello Ada,');
    expect(mail.text).to.containEql(LINK);
    expect(mail.text).to.containEql('expires in 1440 minutes');
    expect(mail.html).to.containEql(`href="${LINK}"`);
  });

  it('refuses a link that is not http(s)', () => {
    expect(() =>
      renderEmailChangeMail({link: 'javascript:alert(1)', expiresInMinutes: 1}),
    ).to.throw(/http\(s\) URL/);
  });

  it('tells the owner of a taken address without any link', () => {
    const mail = renderEmailInUseMail({name: MALICIOUS_NAME});
    expect(mail.subject).to.equal('Someone tried to use your email address');
    expect(mail.text).to.not.match(/https?:/);
    expect(mail.html).to.not.containEql('<a ');
    expect(mail.html).to.not.containEql('<img');
  });

  it('names the new address in the notice to the old one, as text', () => {
    const mail = renderEmailChangedMail({
      name: MALICIOUS_NAME,
      newEmail: 'new@example.com',
    });
    expect(mail.subject).to.equal('Your email address was changed');
    expect(mail.text).to.containEql('new@example.com');
    expect(mail.html).to.containEql('new@example.com');
    expect(mail.html).to.containEql('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.to.containEql('<img');
  });
});
