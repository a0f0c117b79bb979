using System.Text.Json;
using HyperSearch.Search.Scheduling;

namespace HyperSearch.Service.Specs;

/// <summary>
/// One stage added to a search after it was submitted (<c>POST /api/searches/{id}/stages</c>): stage
/// <see cref="Stage"/> samples <see cref="Trials"/> points (or a grid of <see cref="GridPoints"/>) with
/// <see cref="Strategy"/>, trains them <see cref="Epochs"/> under <see cref="Scheduler"/>, from
/// <see cref="Space"/> when given, else from the previous stage's space refined around the search's
/// <see cref="TopK"/> best trials (every stage so far).
/// </summary>
public sealed record StageExtension(
    int Stage,
    string Strategy,
    int Trials,
    int? GridPoints,
    int Epochs,
    int TopK,
    JsonElement? Space = null,
    SchedulerSpec? Scheduler = null);
