#pragma once

#include "core/error.h"

#include <QString>
#include <QTest>

/// QVERIFY for a Result<T> or a Status: on failure the test fails with the expression and the
/// error's full text (message, SQLSTATE, file:line), and returns from the test function.
#define QVERIFY_RESULT(expr)                                                                        \
    do {                                                                                            \
        const auto &revisorResult_ = (expr);                                                        \
        if (!revisorResult_) {                                                                      \
            QTest::qFail(qPrintable(QStringLiteral("'%1' failed: %2")                              \
                                        .arg(QStringLiteral(#expr), revisorResult_.error().toString())), \
                         __FILE__, __LINE__);                                                       \
            return;                                                                                 \
        }                                                                                           \
    } while (false)
