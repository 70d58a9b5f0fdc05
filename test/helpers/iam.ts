// IAM and STS test clients (@aws-sdk/client-iam and client-sts v3, the Query protocol)
// over HTTP/1.1 or HTTP/2, and policy documents tests use.
import http from 'node:http';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { testCredentials, type HttpVersion } from './server.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function handlerFor(version: HttpVersion) {
  return version === 'h2'
    ? new NodeHttp2Handler({ requestTimeout: 30_000, sessionTimeout: 30_000 })
    : new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }), requestTimeout: 30_000 });
}

function endpointOf(endpoint: string | (() => string)) {
  return typeof endpoint === 'string' ? endpoint : async () => ({ url: new URL(endpoint()) });
}

export function iamClient(endpoint: string | (() => string), version: HttpVersion = 'h1', credentials: Credentials = testCredentials): IAMClient {
  return new IAMClient({ endpoint: endpointOf(endpoint), region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handlerFor(version) });
}

export function stsClient(endpoint: string | (() => string), version: HttpVersion = 'h1', credentials: Credentials = testCredentials): STSClient {
  return new STSClient({ endpoint: endpointOf(endpoint), region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handlerFor(version) });
}

export const allowAllPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
export const readStreamsPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kinesis:Describe*', 'kinesis:List*'], Resource: '*' }] });
export const trustAccountPolicy = (accountId: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] });
