/// Small programs the per-feature tests run: the quickstart's chat route on two fast mocks, one
/// embedded environment, and whatever pipeline (and extra declarations) a test needs. Write the
/// quickstart's `keys/` and `tests/` beside them (`PipelineHarness.copyQuickstartSupport()`).
enum Programs {
    /// The demo key the quickstart's keys file admits as team `default`.
    static let demoKey = "sk-gw-demo-default-0001"

    /// A one-route gateway on a mock whose environment `fleet` is driven through `admin` (a list of
    /// `gwpipe serve` admin URLs) with the token in `GWPIPE_TEST_ADMIN_TOKEN`; `stage` is the body of
    /// the pipeline's one stage (a `canary fleet { ... }` or `rolling fleet { ... }`).
    static func fleet(latency: String, admin: String, stage: String) -> String {
        """
        gateway "fleet"

        secret admin_token = env("GWPIPE_TEST_ADMIN_TOKEN")

        provider backup {
          kind    = mock
          latency = \(latency)
        }

        route chat {
          match POST "/v1/chat/completions"
          limit 100000 requests / 1m by key
          timeout 30s
          else -> backup
        }

        environment fleet {
          admin       = \(admin)
          admin_token = admin_token
        }

        pipeline release {
          stage fleet {
        \(stage)
          }
        }
        """
    }

    static func gateway(latency: String = "1ms..3ms", declarations: String = "", pipeline: String) -> String {
        """
        gateway "steps"

        let eu_models = ["mistral-large", "llama-3.1-70b"]

        provider primary {
          kind    = mock
          latency = \(latency)
          errors  = 0%
        }

        provider eu_mock {
          kind    = mock
          latency = 1ms..3ms
          errors  = 0%
        }

        keys teams {
          file = "keys/teams.yaml"
        }

        route chat {
          match POST "/v1/chat/completions"
          auth teams
          limit 100000 requests / 1m by key
          timeout 30s
          when model in eu_models -> eu_mock
          else -> primary
        }

        environment staging {
          listen = "127.0.0.1:8080"
          admin  = embedded
        }
        \(declarations)
        \(pipeline)
        """
    }

    /// `pipeline p { stage s { STEPS } }` with optional `on failure` steps.
    static func pipeline(_ steps: String, onFailure: String? = nil) -> String {
        var text = "pipeline p {\n  stage s {\n\(indent(steps, 4))\n  }\n"
        if let onFailure { text += "  on failure {\n\(indent(onFailure, 4))\n  }\n" }
        return text + "}\n"
    }

    /// Stages in order: `[(name, steps)]`.
    static func pipeline(stages: [(String, String)], onFailure: String? = nil) -> String {
        var text = "pipeline p {\n"
        for (name, steps) in stages { text += "  stage \(name) {\n\(indent(steps, 4))\n  }\n" }
        if let onFailure { text += "  on failure {\n\(indent(onFailure, 4))\n  }\n" }
        return text + "}\n"
    }

    private static func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }
}
