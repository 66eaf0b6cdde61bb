"""Calls a running `gwpipe serve Tests/SDK/gateway.gwpipe` with the unmodified `anthropic` SDK.

Usage: python anthropic_client.py PORT

Exits 0 when every check passes; otherwise prints which check failed and why, and exits 1.
Run by Tests/GWCLITests/PythonSDKTests.swift with the venv `.ci/run` sets up (.venv-sdk).
"""

import sys
import traceback

import anthropic

KEY = "sk-gw-sdk-anthropic-0001"
WRONG_KEY = "sk-gw-sdk-wrong-0000"
TIMEOUT = 10.0
MODEL = "claude-sdk-test"


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def client(port, key=KEY):
    # The SDK sends the key as `x-api-key`.
    return anthropic.Anthropic(api_key=key, base_url=f"http://127.0.0.1:{port}", max_retries=0, timeout=TIMEOUT)


MESSAGES = [{"role": "user", "content": "Say hello through the gateway."}]


def text_of(message):
    return "".join(block.text for block in message.content if block.type == "text")


def check_message(message, model, what):
    expect(message.type == "message", f"{what}: type is {message.type!r}")
    expect(message.role == "assistant", f"{what}: role is {message.role!r}")
    expect(message.model == model, f"{what}: model is {message.model!r}, expected {model!r}")
    expect(message.content and message.content[0].type == "text", f"{what}: content is {message.content!r}")
    expect(text_of(message), f"{what}: empty text")
    expect(message.stop_reason == "end_turn", f"{what}: stop_reason is {message.stop_reason!r}")
    expect(message.usage is not None, f"{what}: no usage")
    expect(message.usage.input_tokens > 0, f"{what}: usage.input_tokens is {message.usage.input_tokens}")
    expect(message.usage.output_tokens > 0, f"{what}: usage.output_tokens is {message.usage.output_tokens}")


def messages(port):
    raw = client(port).messages.with_raw_response.create(model=MODEL, max_tokens=64, messages=MESSAGES)
    expect(raw.status_code == 200, f"status {raw.status_code}")
    expect(raw.headers.get("x-gwpipe-route") == "messages", f"x-gwpipe-route is {raw.headers.get('x-gwpipe-route')!r}")
    expect(
        raw.headers.get("x-gwpipe-upstream") == "claude_mock",
        f"x-gwpipe-upstream is {raw.headers.get('x-gwpipe-upstream')!r}",
    )
    message = raw.parse()
    check_message(message, MODEL, "messages")
    expect(message.id.startswith("msg_"), f"id is {message.id!r}")
    return f"{message.model}: {text_of(message)!r}"


def messages_rewritten(port):
    message = client(port).messages.create(model="sdk-claude-alias", max_tokens=64, messages=MESSAGES)
    check_message(message, "claude-3-5-haiku", "messages (rewritten)")
    return message.model


def messages_stream_events(port):
    stream = client(port).messages.create(model=MODEL, max_tokens=64, messages=MESSAGES, stream=True)
    kinds, parts, model, input_tokens, output_tokens, stop_reason = [], [], None, None, None, None
    for event in stream:
        kinds.append(event.type)
        if event.type == "message_start":
            model = event.message.model
            input_tokens = event.message.usage.input_tokens
        elif event.type == "content_block_delta" and event.delta.type == "text_delta":
            parts.append(event.delta.text)
        elif event.type == "message_delta":
            output_tokens = event.usage.output_tokens
            stop_reason = event.delta.stop_reason
    text = "".join(parts)
    expect(kinds and kinds[0] == "message_start", f"first event is not message_start: {kinds}")
    expect(kinds[-1] == "message_stop", f"last event is not message_stop: {kinds}")
    for kind in ("content_block_start", "content_block_delta", "content_block_stop", "message_delta"):
        expect(kind in kinds, f"no {kind} event in {kinds}")
    expect(text, "the text deltas assemble into empty text")
    expect(model == MODEL, f"message_start model is {model!r}")
    expect(input_tokens and input_tokens > 0, f"message_start input_tokens is {input_tokens}")
    expect(output_tokens and output_tokens > 0, f"message_delta output_tokens is {output_tokens}")
    expect(stop_reason == "end_turn", f"stop_reason is {stop_reason!r}")
    return f"{len(kinds)} events: {text!r}"


def messages_stream_helper(port):
    # The SDK's accumulating helper: it rebuilds a Message from the SSE events.
    with client(port).messages.stream(model=MODEL, max_tokens=64, messages=MESSAGES) as stream:
        streamed = "".join(stream.text_stream)
        final = stream.get_final_message()
    check_message(final, MODEL, "messages stream helper")
    expect(streamed == text_of(final), f"text_stream {streamed!r} != final text {text_of(final)!r}")
    return repr(streamed)


def messages_stream_rewritten(port):
    with client(port).messages.stream(model="sdk-claude-alias", max_tokens=64, messages=MESSAGES) as stream:
        final = stream.get_final_message()
    check_message(final, "claude-3-5-haiku", "messages stream (rewritten)")
    return final.model


def wrong_key(port):
    bad = client(port, WRONG_KEY)
    for name, call in (
        ("messages", lambda: bad.messages.create(model=MODEL, max_tokens=64, messages=MESSAGES)),
        ("messages stream", lambda: list(bad.messages.create(model=MODEL, max_tokens=64, messages=MESSAGES, stream=True))),
    ):
        try:
            call()
        except anthropic.AuthenticationError as error:
            expect(error.status_code == 401, f"{name}: status {error.status_code}")
        else:
            raise CheckFailed(f"{name}: a wrong key did not raise anthropic.AuthenticationError")
    return "AuthenticationError (401)"


CHECKS = [
    messages,
    messages_rewritten,
    messages_stream_events,
    messages_stream_helper,
    messages_stream_rewritten,
    wrong_key,
]


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        print("usage: anthropic_client.py PORT", file=sys.stderr)
        return 2
    port = int(sys.argv[1])
    print(f"anthropic {anthropic.__version__} -> http://127.0.0.1:{port}")
    failed = 0
    for check in CHECKS:
        try:
            detail = str(check(port))
            print(f"ok   {check.__name__}: {detail if len(detail) <= 100 else detail[:97] + '...'}")
        except CheckFailed as error:
            failed += 1
            print(f"FAIL {check.__name__}: {error}")
        except Exception as error:  # an SDK error: show the request that broke
            failed += 1
            print(f"FAIL {check.__name__}: {type(error).__name__}: {error}")
            traceback.print_exc(file=sys.stdout)
    if failed:
        print(f"anthropic SDK: {failed} of {len(CHECKS)} checks failed")
        return 1
    print(f"anthropic SDK: all {len(CHECKS)} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
