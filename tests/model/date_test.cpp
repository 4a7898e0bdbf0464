#include "model/date.hpp"
#include <gtest/gtest.h>
TEST(Date, Placeholder) { EXPECT_EQ(creditsim::add_months(creditsim::Date::from_ymd(2027,1,31),1), creditsim::Date::from_ymd(2027,2,28)); }
