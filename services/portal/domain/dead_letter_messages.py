"""Strings of the dead letters page (死信事件: the events a consumer gave up on, and their replay), Chinese and
English."""

from __future__ import annotations

# key -> (Chinese, English); split into the two catalogues below, so a missing translation cannot happen.
_PAIRS: dict[str, tuple[str, str]] = {
    "nav.dead_letters": ("死信事件", "Dead letters"),
    "dl.title": ("死信事件", "Dead-lettered events"),
    "dl.intro": (
        "事件处理方多次处理失败（或消息无法解析）后，消息转入死信流。问题排除后可重放：已处理过该事件的处理方会跳过，只有失败的处理方重新处理。",
        "A message goes to the dead-letter stream when a consumer gave up on it (or it could not be read). Once the "
        "cause is fixed, replay it: consumers that had applied the event skip it, only the one that failed applies it.",
    ),
    "dl.counts": ("各服务、处理方死信数", "Dead letters per service and consumer"),
    "dl.list": ("死信列表", "Dead letters"),
    "dl.service": ("服务", "Service"),
    "dl.consumer": ("处理方", "Consumer"),
    "dl.type": ("事件类型", "Event type"),
    "dl.total": ("总数", "Total"),
    "dl.waiting": ("待处理", "Not replayed"),
    "dl.latest": ("最近一次", "Latest"),
    "dl.replayed": ("重放状态", "Replayed"),
    "dl.replayed_yes": ("已重放", "Replayed"),
    "dl.replayed_no": ("未重放", "Not replayed"),
    "dl.seq": ("序号", "No."),
    "dl.event": ("事件", "Event"),
    "dl.tenant": ("乡镇", "Township"),
    "dl.error": ("错误", "Error"),
    "dl.deliveries": ("投递次数", "Deliveries"),
    "dl.at": ("转入死信时间", "Dead-lettered at"),
    "dl.undecodable": ("无法解析", "Undecodable"),
    "dl.replay": ("重放", "Replay"),
    "dl.replay_of": ("第{seq}号重放后再次失败", "No. {seq} failed again after its replay"),
    "dl.replayed_by": ("{by}于{at}重放", "Replayed by {by} on {at}"),
    "dl.done": (
        "第{seq}号死信已重放，事件已重新发布到原主题。",
        "Dead letter No. {seq} was replayed: the event was published again to its subject.",
    ),
    "dl.none": ("没有死信事件。", "No dead-lettered events."),
    "dl.unavailable": (
        "死信数据暂时无法读取，请稍后刷新页面。",
        "The dead letters cannot be read now. Reload later.",
    ),
    "dl.filter": ("筛选", "Filter"),
    "dlfield.Idempotency-Key": ("表单", "Form"),
    "dlfield.seq": ("序号", "No."),
    "dlfield.service": ("服务", "Service"),
    "dlfield.consumer": ("处理方", "Consumer"),
    "dlfield.type": ("事件类型", "Event type"),
    "dlfield.replayed": ("重放状态", "Replayed"),
}

ZH_DEAD_LETTER: dict[str, str] = {k: v[0] for k, v in _PAIRS.items()}
EN_DEAD_LETTER: dict[str, str] = {k: v[1] for k, v in _PAIRS.items()}
