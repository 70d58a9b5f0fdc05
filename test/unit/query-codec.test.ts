// The Query protocol codec (src/protocol/query.ts): form parameters into typed input the
// way botocore's QuerySerializer writes them, XML answers and errors the way its
// QueryParser reads them, on a small model of its own and on IAM's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, type ServiceModel } from '../../src/protocol/model.js';
import { ShapeEngine } from '../../src/protocol/shapes.js';
import { decodeQuery, encodeQueryError, encodeQueryResponse, isQueryContentType, parseForm, queryErrorCode } from '../../src/protocol/query.js';
import { AwsError } from '../../src/services/errors.js';

const model: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', signingName: 'test', protocol: 'query', xmlNamespace: 'https://test.amazonaws.com/doc/2020-01-01/' },
  operations: {
    Do: { input: 'DoInput', output: 'DoOutput', resultWrapper: 'DoResult', errors: [] },
    Nothing: { input: 'DoInput', errors: [] },
  },
  shapes: {
    DoInput: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'Name' },
        Count: { shape: 'Int' },
        Flag: { shape: 'Bool' },
        When: { shape: 'Time' },
        Items: { shape: 'Names' },
        Flat: { shape: 'FlatNames' },
        Attributes: { shape: 'Attributes' },
        Nested: { shape: 'Nested' },
        Renamed: { shape: 'Name', locationName: 'OtherName' },
      },
    },
    DoOutput: { type: 'structure', members: { Name: { shape: 'Name' }, Items: { shape: 'Names' }, Flat: { shape: 'FlatNames' }, When: { shape: 'Time' }, Flag: { shape: 'Bool' }, Attributes: { shape: 'Attributes' }, Nested: { shape: 'Nested' } } },
    Nested: { type: 'structure', members: { Inner: { shape: 'Name' }, Tags: { shape: 'Tags' } } },
    Tags: { type: 'list', member: { shape: 'Tag' } },
    Tag: { type: 'structure', required: ['Key'], members: { Key: { shape: 'Name' }, Value: { shape: 'Name' } } },
    Names: { type: 'list', member: { shape: 'Name' } },
    FlatNames: { type: 'list', flattened: true, member: { shape: 'Name' } },
    Attributes: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Int' } },
    Name: { type: 'string', min: 1, max: 8, pattern: '[a-z<>&]+' },
    Int: { type: 'integer', min: 1 },
    Bool: { type: 'boolean' },
    Time: { type: 'timestamp' },
  },
};
const shapes = new ShapeEngine(model);
const form = (text: string) => parseForm(Buffer.from(text));

describe('Query codec: decoding', () => {
  it('recognises the form content type with or without a charset', () => {
    assert.equal(isQueryContentType('application/x-www-form-urlencoded; charset=utf-8'), true);
    assert.equal(isQueryContentType('application/x-www-form-urlencoded'), true);
    assert.equal(isQueryContentType('application/x-amz-json-1.1'), false);
    assert.equal(isQueryContentType(undefined), false);
  });

  it('decodes scalars, lists (member and flattened), maps, nested structures and renamed members', () => {
    const params = form(
      'Action=Do&Version=2020-01-01&Name=ab%26c&Count=3&Flag=true&When=2024-01-02T03%3A04%3A05Z' +
        '&Items.member.1=x&Items.member.2=y&Flat.1=p&Flat.2=q' +
        '&Attributes.entry.1.key=k1&Attributes.entry.1.value=5&Attributes.entry.2.key=k2&Attributes.entry.2.value=6' +
        '&Nested.Inner=in&Nested.Tags.member.1.Key=tk&Nested.Tags.member.1.Value=tv&OtherName=ren&Unknown=ignored',
    );
    assert.deepEqual(decodeQuery(shapes, 'DoInput', params), {
      Name: 'ab&c',
      Count: 3,
      Flag: true,
      When: new Date('2024-01-02T03:04:05Z'),
      Items: ['x', 'y'],
      Flat: ['p', 'q'],
      Attributes: { k1: 5, k2: 6 },
      Nested: { Inner: 'in', Tags: [{ Key: 'tk', Value: 'tv' }] },
      Renamed: 'ren',
    });
  });

  it('reads `Name=` as an empty list and stops a list at its first gap', () => {
    assert.deepEqual(decodeQuery(shapes, 'DoInput', form('Name=a&Items=&Flat.1=p&Flat.3=r')), { Name: 'a', Items: [], Flat: ['p'] });
  });

  it('refuses scalars that do not convert, as a ValidationError', () => {
    assert.throws(() => decodeQuery(shapes, 'DoInput', form('Name=a&Count=many')), (error: AwsError) => error.code === 'ValidationException' && queryErrorCode(error.code) === 'ValidationError' && /at 'count'/.test(error.message));
    assert.throws(() => decodeQuery(shapes, 'DoInput', form('Name=a&Flag=yes')), /at 'flag'/);
    assert.throws(() => decodeQuery(shapes, 'DoInput', form('Name=a&When=not-a-date')), /at 'when'/);
  });

  it('leaves constraints to the shape engine, whose messages name the Query paths', () => {
    const input = decodeQuery(shapes, 'DoInput', form('Count=0&Nested.Tags.member.1.Value=v'));
    assert.deepEqual(shapes.validate('DoInput', input), [
      "Value null at 'name' failed to satisfy constraint: Member must not be null",
      "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1",
      "Value null at 'nested.tags.1.member.key' failed to satisfy constraint: Member must not be null",
    ]);
  });
});

describe('Query codec: encoding', () => {
  it('wraps the output in <ActionResult> with lists, maps, timestamps and booleans as the parser reads them, text escaped', () => {
    const xml = encodeQueryResponse(
      shapes,
      'Do',
      { Name: 'a<b>&"c\'', Items: ['x', 'y'], Flat: ['p', 'q'], When: new Date('2024-01-02T03:04:05Z'), Flag: false, Attributes: { k: 1 }, Nested: { Inner: 'i', Tags: [{ Key: 'k', Value: 'v' }] } },
      'req-1',
    ).toString();
    assert.equal(
      xml,
      '<DoResponse xmlns="https://test.amazonaws.com/doc/2020-01-01/"><DoResult>' +
        '<Name>a&lt;b&gt;&amp;&quot;c&apos;</Name><Items><member>x</member><member>y</member></Items><Flat>p</Flat><Flat>q</Flat>' +
        '<When>2024-01-02T03:04:05Z</When><Flag>false</Flag><Attributes><entry><key>k</key><value>1</value></entry></Attributes>' +
        '<Nested><Inner>i</Inner><Tags><member><Key>k</Key><Value>v</Value></member></Tags></Nested>' +
        '</DoResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DoResponse>',
    );
  });

  it('answers an operation without output with the response metadata only', () => {
    assert.equal(
      encodeQueryResponse(shapes, 'Nothing', undefined, 'req-2').toString(),
      '<NothingResponse xmlns="https://test.amazonaws.com/doc/2020-01-01/"><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></NothingResponse>',
    );
  });

  it('keeps IAM result wrappers and milliseconds only where a time has them', () => {
    const iam = new ShapeEngine(loadModel('iam'));
    const xml = encodeQueryResponse(iam, 'GetUser', { User: { Path: '/', UserName: 'u', UserId: 'AIDA', Arn: 'arn', CreateDate: new Date(1_700_000_000_123) } }, 'r').toString();
    assert.match(xml, /^<GetUserResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><GetUserResult><User><Path>\/<\/Path><UserName>u<\/UserName>/);
    assert.match(xml, /<CreateDate>2023-11-14T22:13:20.123Z<\/CreateDate>/);
  });

  it('writes errors as <ErrorResponse> with Sender or Receiver and the Query names of front-door codes', () => {
    const notFound = encodeQueryError(model, new AwsError('NoSuchEntity', 'The user with name <x> cannot be found.', { status: 404 }), 'r1').toString();
    assert.equal(
      notFound,
      '<ErrorResponse xmlns="https://test.amazonaws.com/doc/2020-01-01/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
        '<Message>The user with name &lt;x&gt; cannot be found.</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
    );
    assert.match(encodeQueryError(model, new AwsError('ServiceFailure', '', { status: 500, messageKey: 'none' }), 'r2').toString(), /<Type>Receiver<\/Type><Code>ServiceFailure<\/Code><\/Error>/);
    assert.match(encodeQueryError(undefined, new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token'), 'r3').toString(), /^<ErrorResponse><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
    assert.equal(queryErrorCode('InvalidSignatureException'), 'SignatureDoesNotMatch');
    assert.equal(queryErrorCode('UnrecognizedClientException'), 'InvalidClientTokenId');
  });
});
