// Asymmetric KMS keys through @aws-sdk/client-kms, built-in and external mode:
// GetPublicKey, RSA encryption with OAEP, RSA and ECDSA signatures over messages and
// digests, each checked outside the server with node:crypto and the public key from
// GetPublicKey, and symmetric-only operations refusing asymmetric keys (aws-wire.md §4.2,
// §4.4, §4.9).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHash, createPublicKey, generateKeyPairSync, publicEncrypt, sign as signLocally, verify as verifyLocally, type KeyObject } from 'node:crypto';
import {
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetPublicKeyCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
  type KeySpec,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { kmsModes, kmsSuite } from '../helpers/kms.js';
import { createAliasFor, rejectsWith } from '../helpers/kms-fixtures.js';

const rsaSigning: SigningAlgorithmSpec[] = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];
const dryRun = 'The request would have succeeded, but the DryRun option is set.';
// KMSInvalidSignatureException comes without a message (aws-wire.md §0.3); the SDK then says 'UnknownError'.
const noMessage = 'UnknownError';
const message = Buffer.from('a message to sign, with a digest of its own');

function hashOf(algorithm: string): 'sha256' | 'sha384' | 'sha512' {
  return algorithm.endsWith('512') ? 'sha512' : algorithm.endsWith('384') ? 'sha384' : 'sha256';
}

/** How OpenSSL verifies what AWS signs: PSS with MGF1 over the same hash and a salt as long as the hash. */
function localOptions(key: KeyObject, algorithm: string) {
  if (algorithm.startsWith('ECDSA')) return { key, dsaEncoding: 'der' as const };
  if (algorithm.includes('PSS')) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(hashOf(algorithm)).digest().length };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}

for (const mode of kmsModes) {
  describe(`KMS asymmetric keys (${mode})`, () => {
    const { client, newKey } = kmsSuite(mode);
    const publicKeyOf = async (keyId: string) =>
      createPublicKey({ key: Buffer.from((await client.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!), format: 'der', type: 'spki' });

    for (const [spec, bits] of [['RSA_2048', 2048], ['RSA_3072', 3072], ['RSA_4096', 4096]] as const) {
      it(`${spec} ENCRYPT_DECRYPT: GetPublicKey, RSAES_OAEP_SHA_256 round trips, and the public key encrypts outside the server`, async () => {
        const key = await newKey({ KeySpec: spec, KeyUsage: 'ENCRYPT_DECRYPT' });
        const answer = await client.send(new GetPublicKeyCommand({ KeyId: key.KeyId! }));
        assert.equal(answer.KeyId, key.Arn);
        assert.equal(answer.KeySpec, spec);
        assert.equal(answer.CustomerMasterKeySpec, spec);
        assert.equal(answer.KeyUsage, 'ENCRYPT_DECRYPT');
        assert.deepEqual(answer.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
        assert.equal(answer.SigningAlgorithms, undefined);
        const publicKey = createPublicKey({ key: Buffer.from(answer.PublicKey!), format: 'der', type: 'spki' });
        assert.equal(publicKey.asymmetricKeyType, 'rsa');
        assert.equal(publicKey.asymmetricKeyDetails!.modulusLength, bits);

        const plaintext = Buffer.from(`secret for ${spec}`);
        const encrypted = await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: plaintext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
        assert.equal(encrypted.KeyId, key.Arn);
        assert.equal(encrypted.EncryptionAlgorithm, 'RSAES_OAEP_SHA_256');
        assert.equal(encrypted.CiphertextBlob!.length, bits / 8);
        const decrypted = await client.send(new DecryptCommand({ KeyId: key.KeyId!, CiphertextBlob: encrypted.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
        assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
        assert.equal(decrypted.KeyId, key.Arn);
        assert.equal(decrypted.EncryptionAlgorithm, 'RSAES_OAEP_SHA_256');

        // Several local encryptions, so that some ciphertext starts with the byte our
        // symmetric blobs start with, by chance, without confusing Decrypt.
        for (let attempt = 0; attempt < 8; attempt++) {
          const local = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plaintext);
          const opened = await client.send(new DecryptCommand({ KeyId: key.Arn!, CiphertextBlob: local, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
          assert.deepEqual(Buffer.from(opened.Plaintext!), plaintext);
        }
      });
    }

    it('RSA encryption: SHA-1 OAEP, the plaintext limit, the wrong algorithm and a tampered ciphertext', async () => {
      const key = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      const publicKey = await publicKeyOf(key.KeyId!);
      const local = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('sha-1'));
      const opened = await client.send(new DecryptCommand({ KeyId: key.KeyId!, CiphertextBlob: local, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
      assert.equal(Buffer.from(opened.Plaintext!).toString(), 'sha-1');
      // A ciphertext of the other OAEP hash does not open.
      await rejectsWith(client.send(new DecryptCommand({ KeyId: key.KeyId!, CiphertextBlob: local, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), 'InvalidCiphertextException', noMessage);

      // RFC 8017 §7.1.1: k - 2hLen - 2 bytes; AWS's text (LocalStack's validated snapshot).
      await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.alloc(190, 1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      await rejectsWith(
        client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.alloc(191, 1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
        'ValidationException',
        'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
      );
      await rejectsWith(
        client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.alloc(215, 1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })),
        'ValidationException',
        'Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.',
      );
      // No EncryptionAlgorithm means SYMMETRIC_DEFAULT, which an RSA key does not offer.
      await rejectsWith(client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })), 'InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.');
      const symmetric = await newKey();
      await rejectsWith(
        client.send(new EncryptCommand({ KeyId: symmetric.KeyId!, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
        'InvalidKeyUsageException',
        'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
      );

      const blob = Buffer.from((await client.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).CiphertextBlob!);
      blob[blob.length - 1]! ^= 1;
      await rejectsWith(client.send(new DecryptCommand({ KeyId: key.KeyId!, CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), 'InvalidCiphertextException', noMessage);
      // A symmetric blob of ours under an RSA KeyId names another key.
      const symmetricBlob = (await client.send(new EncryptCommand({ KeyId: symmetric.KeyId!, Plaintext: Buffer.from('x') }))).CiphertextBlob;
      await rejectsWith(
        client.send(new DecryptCommand({ KeyId: key.KeyId!, CiphertextBlob: symmetricBlob })),
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      );
    });

    const signingCases: Array<[KeySpec, SigningAlgorithmSpec[]]> = [
      ['RSA_2048', rsaSigning],
      ['RSA_3072', ['RSASSA_PSS_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_256']],
      ['RSA_4096', ['RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_512']],
      ['ECC_NIST_P256', ['ECDSA_SHA_256']],
      ['ECC_NIST_P384', ['ECDSA_SHA_384']],
    ];
    for (const [spec, algorithms] of signingCases) {
      it(`${spec} SIGN_VERIFY: Sign and Verify of messages and digests agree with node:crypto both ways (${algorithms.join(', ')})`, async () => {
        const key = await newKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
        const answer = await client.send(new GetPublicKeyCommand({ KeyId: key.KeyId! }));
        assert.equal(answer.KeyUsage, 'SIGN_VERIFY');
        assert.equal(answer.EncryptionAlgorithms, undefined);
        assert.deepEqual(answer.SigningAlgorithms, key.SigningAlgorithms);
        assert.ok(algorithms.every((algorithm) => answer.SigningAlgorithms!.includes(algorithm)));
        const publicKey = createPublicKey({ key: Buffer.from(answer.PublicKey!), format: 'der', type: 'spki' });
        for (const algorithm of algorithms) {
          const hash = hashOf(algorithm);
          const digest = createHash(hash).update(message).digest();
          for (const [messageType, signed] of [['RAW', message], ['DIGEST', digest]] as const) {
            const signature = await client.send(new SignCommand({ KeyId: key.KeyId!, Message: signed, MessageType: messageType, SigningAlgorithm: algorithm }));
            assert.equal(signature.KeyId, key.Arn);
            assert.equal(signature.SigningAlgorithm, algorithm);
            const bytes = Buffer.from(signature.Signature!);
            assert.ok(verifyLocally(hash, message, localOptions(publicKey, algorithm), bytes), `${algorithm} ${messageType} signature verifies with node:crypto`);
            const verified = await client.send(new VerifyCommand({ KeyId: key.KeyId!, Message: signed, MessageType: messageType, Signature: bytes, SigningAlgorithm: algorithm }));
            assert.equal(verified.SignatureValid, true);
            assert.equal(verified.KeyId, key.Arn);
            assert.equal(verified.SigningAlgorithm, algorithm);
          }
        }
      });
    }

    it('Verify accepts what node:crypto signs with the same key pair and refuses a wrong signature without a message', async () => {
      // A key pair made outside cannot be imported, so the server's signature is checked
      // against messages and digests it did not see signed.
      const key = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const signature = Buffer.from((await client.send(new SignCommand({ KeyId: key.KeyId!, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!);
      const digest = createHash('sha256').update(message).digest();
      assert.equal((await client.send(new VerifyCommand({ KeyId: key.KeyId!, Message: digest, MessageType: 'DIGEST', Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid, true);
      const tampered = Buffer.from(signature);
      tampered[tampered.length - 1]! ^= 1;
      await rejectsWith(client.send(new VerifyCommand({ KeyId: key.KeyId!, Message: message, Signature: tampered, SigningAlgorithm: 'ECDSA_SHA_256' })), 'KMSInvalidSignatureException', noMessage);
      await rejectsWith(
        client.send(new VerifyCommand({ KeyId: key.KeyId!, Message: Buffer.from('another message'), Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' })),
        'KMSInvalidSignatureException',
        noMessage,
      );
      const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const foreign = signLocally('sha256', message, { key: stranger.privateKey, dsaEncoding: 'der' });
      await rejectsWith(client.send(new VerifyCommand({ KeyId: key.KeyId!, Message: message, Signature: foreign, SigningAlgorithm: 'ECDSA_SHA_256' })), 'KMSInvalidSignatureException', noMessage);
      await rejectsWith(client.send(new VerifyCommand({ KeyId: key.KeyId!, Message: message, Signature: Buffer.from('garbage'), SigningAlgorithm: 'ECDSA_SHA_256' })), 'KMSInvalidSignatureException', noMessage);

      const rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
      const rsaSignature = Buffer.from((await client.send(new SignCommand({ KeyId: rsa.KeyId!, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }))).Signature!);
      // The same signature checked as PKCS#1 v1.5 is not valid.
      await rejectsWith(client.send(new VerifyCommand({ KeyId: rsa.KeyId!, Message: message, Signature: rsaSignature, SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' })), 'KMSInvalidSignatureException', noMessage);
    });

    it('Sign and Verify refuse digests of the wrong length, algorithms the key does not offer, and keys not for signing', async () => {
      const ecc = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
      const symmetric = await newKey();
      const rsaEncryption = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      // AWS's texts, from LocalStack's validated snapshots.
      await rejectsWith(client.send(new SignCommand({ KeyId: ecc.KeyId!, Message: message, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })), 'ValidationException', 'Digest is invalid length for algorithm ECDSA_SHA_256.');
      await rejectsWith(
        client.send(new VerifyCommand({ KeyId: rsa.KeyId!, Message: Buffer.alloc(32), MessageType: 'DIGEST', Signature: Buffer.alloc(256), SigningAlgorithm: 'RSASSA_PSS_SHA_512' })),
        'ValidationException',
        'Digest is invalid length for algorithm RSASSA_PSS_SHA_512.',
      );
      await rejectsWith(client.send(new SignCommand({ KeyId: ecc.KeyId!, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' })), 'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.');
      await rejectsWith(client.send(new SignCommand({ KeyId: rsa.KeyId!, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' })), 'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_256 is incompatible with key spec RSA_2048.');
      await rejectsWith(client.send(new SignCommand({ KeyId: symmetric.KeyId!, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })), 'InvalidKeyUsageException', `${symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`);
      await rejectsWith(
        client.send(new VerifyCommand({ KeyId: rsaEncryption.KeyId!, Message: message, Signature: Buffer.from('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
        'InvalidKeyUsageException',
        `${rsaEncryption.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Verify.`,
      );
      await rejectsWith(client.send(new EncryptCommand({ KeyId: rsa.KeyId!, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })), 'InvalidKeyUsageException', `${rsa.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`);
      await rejectsWith(client.send(new SignCommand({ KeyId: ecc.KeyId!, Message: message, SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })), 'DryRunOperationException', dryRun);
    });

    it('asymmetric keys answer through aliases and follow the key states; a symmetric key has no public key', async () => {
      const key = await newKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
      const alias = await createAliasFor(client, key.KeyId!);
      const signature = (await client.send(new SignCommand({ KeyId: alias, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' }))).Signature!;
      assert.equal((await client.send(new VerifyCommand({ KeyId: key.Arn!, Message: message, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_384' }))).SignatureValid, true);
      assert.equal((await client.send(new GetPublicKeyCommand({ KeyId: alias }))).KeyId, key.Arn);

      await client.send(new DisableKeyCommand({ KeyId: key.KeyId! }));
      await rejectsWith(client.send(new SignCommand({ KeyId: key.KeyId!, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' })), 'DisabledException', `${key.Arn} is disabled.`);
      await rejectsWith(client.send(new VerifyCommand({ KeyId: key.KeyId!, Message: message, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_384' })), 'DisabledException', `${key.Arn} is disabled.`);
      // AWS still answers GetPublicKey for a disabled key (LocalStack's provider notes it).
      assert.equal((await client.send(new GetPublicKeyCommand({ KeyId: key.KeyId! }))).KeySpec, 'ECC_NIST_P384');
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
      await rejectsWith(client.send(new GetPublicKeyCommand({ KeyId: key.KeyId! })), 'KMSInvalidStateException', `${key.Arn} is pending deletion.`);

      const symmetric = await newKey();
      await rejectsWith(client.send(new GetPublicKeyCommand({ KeyId: symmetric.KeyId! })), 'UnsupportedOperationException', `${symmetric.Arn} key spec is SYMMETRIC_DEFAULT, which has no public key.`);
    });

    it('symmetric-only operations refuse asymmetric keys with AWS\'s errors', async () => {
      const rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      const signing = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const incompatible = 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.';
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: rsa.KeyId!, KeySpec: 'AES_256' })), 'InvalidKeyUsageException', incompatible);
      await rejectsWith(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: rsa.KeyId!, NumberOfBytes: 32 })), 'InvalidKeyUsageException', incompatible);
      await rejectsWith(client.send(new GenerateDataKeyCommand({ KeyId: signing.KeyId!, KeySpec: 'AES_256' })), 'InvalidKeyUsageException', `${signing.Arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKey.`);
      await rejectsWith(
        client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: signing.KeyId!, KeySpec: 'AES_256' })),
        'InvalidKeyUsageException',
        `${signing.Arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyWithoutPlaintext.`,
      );
      // ReEncrypt to an RSA key needs an RSA algorithm; without one it is SYMMETRIC_DEFAULT.
      const symmetric = await newKey();
      const blob = (await client.send(new EncryptCommand({ KeyId: symmetric.KeyId!, Plaintext: Buffer.from('move me') }))).CiphertextBlob;
      await rejectsWith(client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: rsa.KeyId! })), 'InvalidKeyUsageException', incompatible);
      const moved = await client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: rsa.KeyId!, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      const opened = await client.send(new DecryptCommand({ KeyId: rsa.KeyId!, CiphertextBlob: moved.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      assert.equal(Buffer.from(opened.Plaintext!).toString(), 'move me');
    });
  });
}
