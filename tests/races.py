"""Racing requests: several signed-in clients posting at once from threads of their own."""

import threading


def post_at_once(app, clients, post, rounds: int = 1) -> list[int]:
    """Let every client run `post(client, index)` `rounds` times, all starting together; the answers'
    status codes. Any exception in a thread fails the caller."""
    statuses, errors = [], []
    start = threading.Barrier(len(clients), timeout=10)

    def run(client, index):
        try:
            with app.app_context():
                start.wait()
                for _round in range(rounds):
                    statuses.append(post(client, index).status_code)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(client, index)) for index, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return statuses
