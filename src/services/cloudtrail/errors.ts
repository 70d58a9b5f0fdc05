// CloudTrail's error catalog for LookupEvents. The codes are the model's
// (models/cloudtrail.json); CloudTrail's errors carry their text in `Message`. AWS
// publishes no fixed wording for these, so the texts say what is wrong in the terms of
// the LookupEvents API reference
// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html).
import { AwsError } from '../errors.js';

const error = (code: string, message: string) => new AwsError(code, message, { messageKey: 'Message' });

export const cloudTrailErrors = {
  invalidLookupAttributes: (message: string) => error('InvalidLookupAttributesException', message),
  invalidTimeRange: (message: string) => error('InvalidTimeRangeException', message),
  invalidNextToken: (message: string) => error('InvalidNextTokenException', message),
};
