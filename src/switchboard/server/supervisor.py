"""uvicorn's supervisor of several workers, stopping as a server behind a load balancer should.

uvicorn's parent process binds the listening socket and keeps it open until every worker has finished its
graceful shutdown. The workers stop accepting at once, but the socket still listens through the parent's copy:
the kernel goes on completing connections no process will accept, and resets them all when the parent exits.
A client (a load balancer) then sees a connection taken and dropped without an answer, which it cannot tell from
a call lost midway, instead of a refused connection it may safely send elsewhere. Here the parent closes its copy
before it tells the workers to stop, so the socket stops listening as soon as they do.

A worker that died (killed, out of memory) and was replaced leaves its metrics file behind: its counters
rightly stay in the totals, but its gauges (``livesum``: the call log queue, connections in use) would be added
to the live workers' for ever. Its gauges are dropped when it is replaced (prometheus-client's
``mark_process_dead``).
"""

from __future__ import annotations

import os

from uvicorn.supervisors import Multiprocess


class StopListeningFirst(Multiprocess):
    def keep_subprocess_alive(self) -> None:
        before = {process.pid for process in self.processes}
        super().keep_subprocess_alive()
        replaced = before - {process.pid for process in self.processes}
        if replaced and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            for pid in replaced:
                if pid is not None:
                    multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]

    def terminate_all(self) -> None:
        for sock in self.sockets:
            sock.close()  # the workers' copies close as their shutdown begins; then new connections are refused
        super().terminate_all()
