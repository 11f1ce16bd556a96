import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  commandLineSecret,
  isPlaceholder,
  isSecretName,
  lengthClass,
  settingSecret,
  urlPassword,
  weaknessOf,
  embeddedPassword,
} from '../../src/model/secrets.js';
import { SecretRegistry } from '../../src/core/scan-model.js';

describe('what counts as a secret', () => {
  it('secret names, but not names that point at a secret', () => {
    for (const n of [
      'POSTGRES_PASSWORD',
      'PGPASSWORD',
      'DB_PASSWD',
      'API_KEY',
      'APIKEY',
      'GITHUB_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
    ]) {
      assert.equal(isSecretName(n), true, n);
    }
    for (const n of [
      'POSTGRES_PASSWORD_FILE',
      'SECRET_PATH',
      'POSTGRES_HOST_AUTH_METHOD',
      'TOKEN_URL_FILE',
      'POSTGRES_USER',
    ]) {
      assert.equal(isSecretName(n), false, n);
    }
  });

  it('placeholders are not literals', () => {
    for (const v of [
      '',
      '  ',
      '${DB_PASSWORD}',
      '${DB_PASSWORD:?required}',
      '$(cat /run/secrets/x)',
      '{{ .Values.pw }}',
      '<password>',
      '****',
    ]) {
      assert.equal(isPlaceholder(v), true, v);
    }
    for (const v of ['hunter2', 'p$ssword', 'Real-Secret-1']) assert.equal(isPlaceholder(v), false, v);
  });

  it('URL passwords with their offsets', () => {
    assert.deepEqual(urlPassword('postgres://app:S3cret-Pw@db:5432/app'), {
      start: 15,
      end: 24,
      password: 'S3cret-Pw',
    });
    assert.equal(urlPassword('postgresql://app@db/app'), undefined);
    assert.equal(urlPassword('postgres://app:${PW}@db/app'), undefined);
    assert.equal(urlPassword('https://example.com/a:b@c'), undefined);
  });

  it('command-line secrets: URLs and password assignments, not variable references', () => {
    assert.equal(commandLineSecret(['psql', 'postgres://u:Cmd-Url-Pw-1@h/db']), 'Cmd-Url-Pw-1');
    assert.equal(commandLineSecret(['sh', '-c', 'PGPASSWORD=Env-Assign-2 psql']), 'Env-Assign-2');
    assert.equal(commandLineSecret(['app', '--password=Flag-Pw-3']), 'Flag-Pw-3');
    assert.equal(commandLineSecret(['sh', '-c', 'PGPASSWORD=$PW psql']), undefined);
    assert.equal(commandLineSecret(['pg_isready', '-U', 'postgres']), undefined);
  });

  it('setting secrets: conninfo passwords, quoted or not, and URLs', () => {
    assert.equal(settingSecret("host=primary user=rep password='Quoted Pw\\'s'"), "Quoted Pw\\'s");
    assert.equal(settingSecret('host=primary password=Plain-Pw-4 sslmode=require'), 'Plain-Pw-4');
    assert.equal(settingSecret('postgresql://rep:Url-Pw-5@primary/db'), 'Url-Pw-5');
    assert.equal(settingSecret('host=primary passfile=/run/secrets/pgpass'), undefined);
    assert.equal(settingSecret('on'), undefined);
  });

  it('passwords embedded in connection strings', () => {
    assert.equal(embeddedPassword('postgres://app:Kp3-Meadow@db:5432/app')?.password, 'Kp3-Meadow');
    assert.equal(embeddedPassword('host=db user=app password=KvDsnSecret8877 dbname=x')?.password, 'KvDsnSecret8877');
    assert.equal(embeddedPassword("host=db password='it''s'")?.kind, 'a connection string');
    assert.equal(
      embeddedPassword('jdbc:postgresql://db/app?user=app&password=JdbcSecret2024')?.password,
      'JdbcSecret2024',
    );
    assert.equal(embeddedPassword('Server=db;Pwd=OdbcSecret1;')?.password, 'OdbcSecret1');
    assert.equal(embeddedPassword('postgres://app:${DB_PASSWORD}@db/app'), undefined);
    assert.equal(embeddedPassword('password=$DB_PASSWORD'), undefined);
    assert.equal(embeddedPassword('host=db user=app'), undefined);
  });

  it('weak passwords and length classes', () => {
    assert.equal(weaknessOf('postgres'), 'a well-known default password');
    assert.equal(weaknessOf('ChangeMe'), 'a well-known default password');
    assert.equal(weaknessOf('Short-1'), 'shorter than 12 characters');
    assert.equal(weaknessOf('Long-Enough-Secret-1'), undefined);
    assert.equal(lengthClass('abc'), 'short: under 12 characters');
    assert.equal(lengthClass('x'.repeat(12)), 'medium: 12–23 characters');
    assert.equal(lengthClass('x'.repeat(24)), 'long: 24 characters or more');
  });
});

describe('the secret registry', () => {
  it('redacts registered values, the longest first; common words and tiny values only by span', () => {
    const reg = new SecretRegistry();
    reg.add('Outer-Secret-Value-99');
    reg.add('Secret-Value');
    reg.add('postgres');
    reg.add('abc');
    assert.equal(
      reg.redact('a Outer-Secret-Value-99 b Secret-Value c postgres d abc'),
      'a **** b **** c postgres d abc',
    );
    const loc = { file: 'f', start: { offset: 3, line: 1, column: 4 }, end: { offset: 6, line: 1, column: 7 } };
    reg.add('abc', loc);
    assert.deepEqual(reg.spans.get('f'), [[3, 6]]);
  });
});
