// The Marketo Engage connector (type "marketo"): rules for the REST and bulk APIs of
// shared/reference/marketo.md; the engine sends every call through oauth::ApiClient, which classifies
// Marketo's errors-inside-a-200 (601/602 refresh, 606/607/615 wait, 604/608/611/713 retry) before a stream
// sees an answer.
//
//   CheckCall       GET /rest/v1/leads/describe.json
//   streams         "leads" (marketo_leads_stream.h), "activities" (marketo_activities_stream.h)
//   describe        "lead" through describe2 (marketo_describe.h)
//   writes          "customActivity" (non-idempotent, reconciled by key: marketo_reconcile.h) and "lead"
//                   (createOrUpdate on a lookup field): marketo_writes.h
//
// A bulk enqueue answered 1029 (export quota spent by another integration, queue full) is classified
// permanent by the ApiClient; the engine hands it to MarketoLeadsStream::AfterRefusal(), which turns it
// into a wait. Our own exports never cause a 1029: the stream counts the MB it exported per Central day.
// Thread-safety: immutable; streams belong to one engine thread.
#pragma once

#include <memory>

#include "connectors/connector.h"

namespace salesync::connectors::marketo {

std::unique_ptr<connectors::Connector> MakeMarketoConnector();

}  // namespace salesync::connectors::marketo
