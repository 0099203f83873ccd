// The lifecycle of features.md §2: every status × operation, allowed or refused with a sentence.
#include "journeys/journey_lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace salesync::journeys {
namespace {

TEST(JourneyLifecycleTest, EveryStatusAllowsExactlyTheOperationsOfTheTable) {
  const std::map<std::string, std::set<std::string>> expected = {
      {"draft", {"edit", "publish", "duplicate", "delete"}},
      {"live", {"duplicate", "close", "abort"}},
      {"closed", {"duplicate", "abort"}},
      {"aborted", {"duplicate", "delete"}},
      {"completed", {"duplicate", "delete"}},
  };
  int refused = 0;
  for (const auto& status : AllStatuses()) {
    for (Operation op : AllOperations()) {
      Status s = CheckOperation("J", status, op);
      bool want = expected.at(status).count(OperationName(op)) > 0;
      EXPECT_EQ(s.ok(), want) << status << " × " << OperationName(op);
      if (!s.ok()) {
        ++refused;
        EXPECT_EQ(s.error().code, ErrorCode::kConflict);
        // A sentence naming the journey, its status and the operation.
        EXPECT_NE(s.error().message.find("Journey \"J\""), std::string::npos) << s.error().message;
        EXPECT_NE(s.error().message.find("cannot " + OperationName(op)), std::string::npos) << s.error().message;
        EXPECT_EQ(s.error().message.back(), '.');
      }
    }
  }
  EXPECT_EQ(refused, 30 - 13);  // 13 allowed pairs in the table
}

TEST(JourneyLifecycleTest, RefusalsSayWhy) {
  EXPECT_NE(CheckOperation("J", "live", Operation::kDelete).error().message.find("abort it first"), std::string::npos);
  EXPECT_NE(CheckOperation("J", "aborted", Operation::kPublish).error().message.find("cannot be restarted"),
            std::string::npos);
  EXPECT_NE(CheckOperation("J", "closed", Operation::kPublish).error().message.find("closed to new entries"),
            std::string::npos);
  EXPECT_NE(CheckOperation("J", "live", Operation::kEdit).error().message.find("duplicate it"), std::string::npos);
}

TEST(JourneyLifecycleTest, StatusAfterOperations) {
  EXPECT_EQ(StatusAfter("draft", Operation::kPublish), "live");
  EXPECT_EQ(StatusAfter("live", Operation::kClose), "closed");
  EXPECT_EQ(StatusAfter("closed", Operation::kAbort), "aborted");
  EXPECT_EQ(StatusAfter("live", Operation::kDuplicate), "live");
}

}  // namespace
}  // namespace salesync::journeys
