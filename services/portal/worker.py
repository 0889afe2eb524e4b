"""The portal worker process: `python -m services.portal.worker` relays the outbox and runs the handlers."""

import asyncio

from services.portal.events import REGISTRY
from services.portal.settings import PortalSettings
from shared.events.worker import run_worker

if __name__ == "__main__":
    asyncio.run(run_worker("portal", PortalSettings(), REGISTRY))
