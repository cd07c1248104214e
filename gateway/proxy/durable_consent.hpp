// Awaiting the consent log: the connection's coroutine is suspended, not its
// thread, while the log's writer makes the record durable with others
// (group commit), and resumes on its own executor with the outcome.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <memory>

#include "audit/consent_log.hpp"

namespace tact::proxy {

template <class Token>
auto async_record_consent(audit::ConsentLog& log, const consent::ConsentRecord& record,
                          const consent::ConsentAction& action, Token&& token) {
    return boost::asio::async_initiate<Token, void(bool)>(
        [&log, &record, &action](auto handler) {
            using Handler = decltype(handler);
            auto executor = boost::asio::get_associated_executor(handler);
            // std::function needs a copyable callable; the handler is move-only.
            auto waiting = std::make_shared<Handler>(std::move(handler));
            auto work = std::make_shared<boost::asio::executor_work_guard<decltype(executor)>>(
                executor);
            log.append(record, action, [waiting, work](bool durable) {
                boost::asio::post(work->get_executor(),
                                  [waiting, durable]() mutable { (*waiting)(durable); });
            });
        },
        token);
}

}  // namespace tact::proxy
