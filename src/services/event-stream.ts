// What an operation returns for an event-stream member of its output (the model marks the
// member's shape `eventstream: true`, e.g. Kinesis SubscribeToShardOutput.EventStream):
// not a value but a producer the protocol runs once the response has started. It sends
// union values such as `{ SubscribeToShardEvent: {...} }`, one member set, typed as the
// operation's other output (Buffers, Dates); the protocol encodes each with the shape
// engine in the request's codec and frames it (aws-wire.md §1.9).
//
// `send` resolves when the transport can take the next event, so awaiting it is the
// backpressure. Throwing an AwsError ends the stream with an exception event when the
// union models that error, else with an error event. `signal` aborts when the client
// has gone or the server stops: the producer then returns without sending more.

export type SendEvent = (event: Record<string, unknown>) => Promise<void>;

export type EventProducer = (send: SendEvent, signal: AbortSignal) => Promise<void>;
