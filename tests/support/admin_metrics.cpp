#include "admin_metrics.hpp"

#include <stdexcept>
#include <thread>

#include "raw_client.hpp"

namespace tact::testing {

std::string fetch_metrics(unsigned short admin_port) {
    RawClient admin(admin_port);
    admin.send(get("/metrics"));
    const auto res = admin.read_response();
    if (!res || res->status != 200) throw std::runtime_error("/metrics did not answer 200");
    return res->body;
}

std::vector<int> worker_connections(unsigned short admin_port, int workers) {
    const auto metrics = fetch_metrics(admin_port);
    std::vector<int> counts;
    for (int worker = 0; worker < workers; ++worker) {
        const auto name = "tact_worker_connections{worker=\"" + std::to_string(worker) + "\"} ";
        const auto at = metrics.find(name);
        if (at == std::string::npos) throw std::runtime_error("/metrics lacks " + name);
        counts.push_back(std::stoi(metrics.substr(at + name.size())));
    }
    return counts;
}

namespace {

// Whether `holds` comes true of /metrics within `timeout`, read every 20 ms.
template <class Holds>
bool metrics_come_to(Holds holds, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!holds()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace

bool worker_connections_reach(unsigned short admin_port, const std::vector<int>& expected,
                              std::chrono::milliseconds timeout) {
    const auto workers = static_cast<int>(expected.size());
    return metrics_come_to([&] { return worker_connections(admin_port, workers) == expected; },
                           timeout);
}

bool metrics_show(unsigned short admin_port, const std::string& line,
                  std::chrono::milliseconds timeout) {
    return metrics_come_to(
        [&] { return fetch_metrics(admin_port).find("\n" + line + "\n") != std::string::npos; },
        timeout);
}

}  // namespace tact::testing
