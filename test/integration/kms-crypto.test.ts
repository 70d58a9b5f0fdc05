// KMS cryptography through @aws-sdk/client-kms, built-in and external mode: Encrypt and
// Decrypt with encryption context, tampering, GenerateDataKey*, GenerateRandom, ReEncrypt
// and DryRun, with AWS's texts (aws-wire.md §4.2, §4.9, §5.6).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
  type DecryptCommandInput,
} from '@aws-sdk/client-kms';
import { kmsModes, kmsSuite } from '../helpers/kms.js';
import { aliasArnOf, createAliasFor, rejectsWith } from '../helpers/kms-fixtures.js';
import { authorization, rawRequest } from '../helpers/raw.js';

const incorrectKey = 'The key ID in the request does not identify a CMK that can perform this operation.';
const dryRun = 'The request would have succeeded, but the DryRun option is set.';
// AWS sends InvalidCiphertextException without a message (aws-wire.md §4.9); the SDK then says 'UnknownError'.
const noMessage = 'UnknownError';
const neitherNorBoth = 'Please specify either number of bytes or key spec.';
const context = { stream: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders', purpose: 'test' };

for (const mode of kmsModes) {
  describe(`KMS cryptography (${mode})`, () => {
    const suite = kmsSuite(mode);
    const { client, newKey } = suite;
    const decrypt = (input: DecryptCommandInput) => client.send(new DecryptCommand(input));

    it('Encrypt and Decrypt round-trip under the context, answering with the key ARN, with or without KeyId', async () => {
      const key = await newKey();
      const alias = await createAliasFor(client, key.KeyId!);
      const plaintext = Buffer.from('the payload');
      const encrypted = await client.send(new EncryptCommand({ KeyId: alias, Plaintext: plaintext, EncryptionContext: context }));
      assert.equal(encrypted.KeyId, key.Arn);
      assert.equal(encrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      assert.ok(!Buffer.from(encrypted.CiphertextBlob!).includes(plaintext));
      // The same context with its keys in another order is the same context.
      const reordered = { purpose: context.purpose, stream: context.stream };
      for (const keyId of [undefined, key.KeyId!, key.Arn!, alias, aliasArnOf(alias)]) {
        const decrypted = await decrypt({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: reordered, ...(keyId ? { KeyId: keyId } : {}) });
        assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
        assert.equal(decrypted.KeyId, key.Arn);
        assert.equal(decrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
        assert.equal(decrypted.KeyMaterialId, key.CurrentKeyMaterialId);
      }
    });

    it('Decrypt with another key\'s KeyId is IncorrectKeyException', async () => {
      const key = await newKey();
      const other = await newKey();
      const blob = (await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }))).CiphertextBlob;
      await rejectsWith(decrypt({ CiphertextBlob: blob, KeyId: other.KeyId! }), 'IncorrectKeyException', incorrectKey);
    });

    it('a changed or missing encryption context, or a flipped bit, is InvalidCiphertextException without a message', async () => {
      const key = await newKey();
      const blob = Buffer.from((await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x'), EncryptionContext: context }))).CiphertextBlob!);
      await rejectsWith(decrypt({ CiphertextBlob: blob, EncryptionContext: { ...context, purpose: 'other' } }), 'InvalidCiphertextException', noMessage);
      await rejectsWith(decrypt({ CiphertextBlob: blob, EncryptionContext: { ...context, extra: 'x' } }), 'InvalidCiphertextException', noMessage);
      await rejectsWith(decrypt({ CiphertextBlob: blob }), 'InvalidCiphertextException', noMessage);
      for (const position of [0, 20, blob.length - 1]) {
        const tampered = Buffer.from(blob);
        tampered[position]! ^= 0x01;
        await rejectsWith(decrypt({ CiphertextBlob: tampered, EncryptionContext: context }), 'InvalidCiphertextException', noMessage);
      }
      const unbound = (await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }))).CiphertextBlob;
      await rejectsWith(decrypt({ CiphertextBlob: unbound, EncryptionContext: context }), 'InvalidCiphertextException', noMessage);
      // On the wire the body has the error type and nothing else.
      const raw = await rawRequest(suite.server.endpoint, {
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt', authorization, 'x-amz-date': '20261122T120000Z' },
        body: JSON.stringify({ CiphertextBlob: Buffer.from(unbound!).toString('base64'), EncryptionContext: context }),
      });
      assert.equal(raw.status, 400);
      assert.deepEqual(JSON.parse(raw.body.toString()), { __type: 'InvalidCiphertextException' });
    });

    it('Plaintext over 4096 bytes is refused without echoing the sensitive value', async () => {
      const key = await newKey();
      await rejectsWith(client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.alloc(4097, 0x61) })), 'ValidationException',
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
      const largest = await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.alloc(4096, 0x61) }));
      assert.equal((await decrypt({ CiphertextBlob: largest.CiphertextBlob })).Plaintext!.length, 4096);
    });

    it('GenerateDataKey gives a data key of the KeySpec or NumberOfBytes and its ciphertext', async () => {
      const key = await newKey();
      for (const [spec, length] of [[{ KeySpec: 'AES_256' as const }, 32], [{ KeySpec: 'AES_128' as const }, 16], [{ NumberOfBytes: 1 }, 1], [{ NumberOfBytes: 1024 }, 1024]] as const) {
        const generated = await client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, EncryptionContext: context, ...spec }));
        assert.equal(generated.Plaintext!.length, length);
        assert.equal(generated.KeyId, key.Arn);
        assert.match(generated.KeyMaterialId!, /^[0-9a-f]{64}$/);
        const decrypted = await decrypt({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context });
        assert.deepEqual(Buffer.from(decrypted.Plaintext!), Buffer.from(generated.Plaintext!));
      }
      const first = await client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, KeySpec: 'AES_256' }));
      const second = await client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, KeySpec: 'AES_256' }));
      assert.notDeepEqual(Buffer.from(first.Plaintext!), Buffer.from(second.Plaintext!));
    });

    it('GenerateDataKeyWithoutPlaintext returns only the ciphertext, which Decrypt opens', async () => {
      const key = await newKey();
      const alias = await createAliasFor(client, key.KeyId!);
      const generated = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: alias, KeySpec: 'AES_256', EncryptionContext: context }));
      assert.equal('Plaintext' in generated, false);
      assert.equal(generated.KeyId, key.Arn);
      assert.match(generated.KeyMaterialId!, /^[0-9a-f]{64}$/);
      assert.equal((await decrypt({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context })).Plaintext!.length, 32);
      const sized = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId!, NumberOfBytes: 48 }));
      assert.equal((await decrypt({ CiphertextBlob: sized.CiphertextBlob })).Plaintext!.length, 48);
    });

    it('GenerateDataKey* needs exactly one of KeySpec and NumberOfBytes', async () => {
      const key = await newKey();
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId! })), 'ValidationException', neitherNorBoth);
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, KeySpec: 'AES_256', NumberOfBytes: 32 })), 'ValidationException', neitherNorBoth);
      await rejectsWith(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId! })), 'ValidationException', neitherNorBoth);
      await rejectsWith(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId!, KeySpec: 'AES_128', NumberOfBytes: 16 })), 'ValidationException', neitherNorBoth);
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, NumberOfBytes: 1025 })), 'ValidationException',
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
    });

    it('DryRun answers DryRunOperationException once the request would have succeeded', async () => {
      const key = await newKey();
      const blob = (await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }))).CiphertextBlob;
      await rejectsWith(client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x'), DryRun: true })), 'DryRunOperationException', dryRun);
      await rejectsWith(decrypt({ CiphertextBlob: blob, DryRun: true }), 'DryRunOperationException', dryRun);
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, KeySpec: 'AES_256', DryRun: true })), 'DryRunOperationException', dryRun);
      await rejectsWith(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId!, KeySpec: 'AES_256', DryRun: true })), 'DryRunOperationException', dryRun);
      await rejectsWith(client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: key.KeyId!, DryRun: true })), 'DryRunOperationException', dryRun);
      // A request that would fail says why instead.
      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      await rejectsWith(client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x'), DryRun: true })), 'DisabledException', `${key.Arn} is disabled.`);
    });

    it('GenerateRandom returns 1–1024 fresh random bytes', async () => {
      for (const length of [1, 32, 1024]) {
        assert.equal((await client.send(new GenerateRandomCommand({ NumberOfBytes: length }))).Plaintext!.length, length);
      }
      const first = (await client.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))).Plaintext!;
      const second = (await client.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))).Plaintext!;
      assert.notDeepEqual(Buffer.from(first), Buffer.from(second));
      await rejectsWith(client.send(new GenerateRandomCommand({ NumberOfBytes: 0 })), 'ValidationException',
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1");
      await rejectsWith(client.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })), 'ValidationException',
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
      await rejectsWith(client.send(new GenerateRandomCommand({})), 'ValidationException', 'NumberOfBytes is required.');
    });

    it('ReEncrypt moves a ciphertext to another key and context, naming both keys by ARN', async () => {
      const source = await newKey();
      const destination = await newKey();
      const destinationAlias = await createAliasFor(client, destination.KeyId!);
      const plaintext = Buffer.from('moved');
      const blob = (await client.send(new EncryptCommand({ KeyId: source.KeyId!, Plaintext: plaintext, EncryptionContext: context }))).CiphertextBlob;
      const moved = await client.send(new ReEncryptCommand({
        CiphertextBlob: blob, SourceEncryptionContext: context, DestinationKeyId: destinationAlias, DestinationEncryptionContext: { to: 'there' },
      }));
      assert.equal(moved.SourceKeyId, source.Arn);
      assert.equal(moved.KeyId, destination.Arn);
      assert.equal(moved.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      assert.equal(moved.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      assert.match(moved.SourceKeyMaterialId!, /^[0-9a-f]{64}$/);
      assert.match(moved.DestinationKeyMaterialId!, /^[0-9a-f]{64}$/);
      assert.notEqual(moved.SourceKeyMaterialId, moved.DestinationKeyMaterialId);
      const decrypted = await decrypt({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: { to: 'there' } });
      assert.equal(decrypted.KeyId, destination.Arn);
      assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
      await rejectsWith(decrypt({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: context }), 'InvalidCiphertextException', noMessage);
      // SourceKeyId is optional and, when given, must name the key in the blob.
      const checked = await client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: source.Arn!, SourceEncryptionContext: context, DestinationKeyId: source.KeyId! }));
      assert.equal(checked.KeyId, source.Arn);
      await rejectsWith(client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: destination.KeyId!, SourceEncryptionContext: context, DestinationKeyId: destination.KeyId! })),
        'IncorrectKeyException', incorrectKey);
      await rejectsWith(client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination.KeyId! })), 'InvalidCiphertextException', noMessage);
    });

    it('ReEncrypt needs both keys usable and may target an RSA key', async () => {
      const source = await newKey();
      const destination = await newKey();
      const blob = (await client.send(new EncryptCommand({ KeyId: source.KeyId!, Plaintext: Buffer.from('rsa bound') }))).CiphertextBlob;
      const rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      const toRsa = await client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: rsa.KeyId!, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      assert.equal(toRsa.DestinationEncryptionAlgorithm, 'RSAES_OAEP_SHA_256');
      assert.equal(toRsa.DestinationKeyMaterialId, undefined);
      const opened = await decrypt({ CiphertextBlob: toRsa.CiphertextBlob, KeyId: rsa.KeyId!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
      assert.equal(Buffer.from(opened.Plaintext!).toString(), 'rsa bound');
      await client.send(new DisableKeyCommand({ KeyId: destination.KeyId! }));
      await rejectsWith(client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination.KeyId! })), 'DisabledException', `${destination.Arn} is disabled.`);
      await client.send(new DisableKeyCommand({ KeyId: source.KeyId! }));
      await rejectsWith(client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: rsa.KeyId!, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
        'DisabledException', `${source.Arn} is disabled.`);
    });
  });
}
