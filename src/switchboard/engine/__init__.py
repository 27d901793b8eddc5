"""The method call: bind inputs, build the request (pure), send, retry, paginate, shape the answer."""
